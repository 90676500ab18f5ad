import Testing
@testable import Platform

@Suite("Caches keep the most recently used entries")
struct LRUCacheTests {
    @Test("a full cache drops the entry used longest ago, not everything")
    func evictsLeastRecentlyUsed() {
        let cache = LRUCache<String, Int>(capacity: 3)
        cache.store("a", 1)
        cache.store("b", 2)
        cache.store("c", 3)
        #expect(cache.value("a") == 1)  // a is now the most recent; b the least
        cache.store("d", 4)
        #expect(cache.value("b") == nil)
        #expect(cache.value("a") == 1)
        #expect(cache.value("c") == 3)
        #expect(cache.value("d") == 4)
        #expect(cache.count == 3)
    }

    @Test("storing under a known key replaces the value and keeps the count")
    func replaces() {
        let cache = LRUCache<Int, String>(capacity: 2)
        cache.store(1, "one")
        cache.store(1, "uno")
        cache.store(2, "two")
        #expect(cache.value(1) == "uno")
        #expect(cache.count == 2)
        cache.store(3, "three")  // 2 was used longest ago
        #expect(cache.value(2) == nil)
        #expect(cache.value(1) == "uno")
    }

    @Test("many writers at once leave a consistent cache no larger than its capacity")
    func concurrentUse() async {
        let cache = LRUCache<Int, Int>(capacity: 100)
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for i in 0..<2_000 {
                        cache.store(writer * 10_000 + i % 300, i)
                        _ = cache.value(writer * 10_000 + (i * 7) % 300)
                    }
                }
            }
        }
        #expect(cache.count == 100)
    }
}
