import Synchronization

/// Values kept by key, at most `capacity`; when full, the least recently used entry makes
/// room. For things that never change under their key (item revisions, grid codes, case
/// versions) and short-lived entries that carry their own time (checked tokens, scopes).
///
/// Hand-written rather than taken from swift-collections: an LRU needs O(1) removal of the
/// oldest entry, which `OrderedDictionary` (O(n) removal at the front) does not give.
public final class LRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let storage: Mutex<Storage>

    public init(capacity: Int) {
        storage = Mutex(Storage(capacity: max(1, capacity)))
    }

    public func value(_ key: Key) -> Value? {
        storage.withLock { $0.value(key) }
    }

    public func store(_ key: Key, _ value: Value) {
        storage.withLock { $0.store(key, value) }
    }

    /// How many entries are kept.
    public var count: Int { storage.withLock { $0.index.count } }

    /// Entries in a doubly linked list threaded through an array, most recent first; a
    /// full cache reuses the slot of the least recent.
    private struct Storage {
        struct Node {
            var key: Key
            var value: Value
            var newer: Int
            var older: Int
        }

        let capacity: Int
        var nodes: [Node] = []
        var index: [Key: Int] = [:]
        var newest = -1
        var oldest = -1

        public init(capacity: Int) {
            self.capacity = capacity
        }

        mutating func value(_ key: Key) -> Value? {
            guard let slot = index[key] else { return nil }
            moveToFront(slot)
            return nodes[slot].value
        }

        mutating func store(_ key: Key, _ value: Value) {
            if let slot = index[key] {
                nodes[slot].value = value
                moveToFront(slot)
                return
            }
            let slot: Int
            if nodes.count < capacity {
                slot = nodes.count
                nodes.append(Node(key: key, value: value, newer: -1, older: -1))
            } else {
                slot = oldest
                unlink(slot)
                index[nodes[slot].key] = nil
                nodes[slot] = Node(key: key, value: value, newer: -1, older: -1)
            }
            index[key] = slot
            linkAtFront(slot)
        }

        private mutating func moveToFront(_ slot: Int) {
            guard slot != newest else { return }
            unlink(slot)
            linkAtFront(slot)
        }

        private mutating func unlink(_ slot: Int) {
            let (newer, older) = (nodes[slot].newer, nodes[slot].older)
            if newer >= 0 { nodes[newer].older = older } else { newest = older }
            if older >= 0 { nodes[older].newer = newer } else { oldest = newer }
            nodes[slot].newer = -1
            nodes[slot].older = -1
        }

        private mutating func linkAtFront(_ slot: Int) {
            nodes[slot].older = newest
            nodes[slot].newer = -1
            if newest >= 0 { nodes[newest].newer = slot }
            newest = slot
            if oldest < 0 { oldest = slot }
        }
    }
}
