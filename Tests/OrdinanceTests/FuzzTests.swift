import Foundation
import TestSupport
import PropertyBased
import Testing
@testable import Ordinance

/// Property-based fuzzing of what legal staff and importers hand the platform: whatever a
/// profile file or a duration holds, reading it ends in a profile or in diagnostics with a
/// place, never in a trap.
@Suite("Fuzzing the profile reader and durations")
struct OrdinanceFuzzTests {
    static let cities = ["changji/2022-06-01", "city2023/2023-01-01", "lhasa/2023-11-01", "luzhou/2024-10-01", "yongzhou/2024-03-01"]
        .map { try! String(contentsOf: ordinancesFolder.appendingPathComponent("\($0).yaml"), encoding: .utf8) }

    @Test("a mutated profile of each city loads or is refused with located diagnostics")
    func mutatedProfiles() async {
        await propertyCheck(count: Mutation.count(150), input: Gen.int(in: 0...4), Mutation.edits()) { city, edits in
            let mutated = Mutation.apply(edits, to: Array(Self.cities[city].utf8))
            let loaded = ProfileLoader.load(data: Data(mutated), file: "fuzz.yaml")
            if loaded.profile == nil {
                #expect(!loaded.diagnostics.isEmpty)
                for diagnostic in loaded.diagnostics where diagnostic.severity == .error {
                    #expect(diagnostic.description.hasPrefix("fuzz.yaml"))
                }
            }
        }
    }

    @Test("a mutated minimal profile loads or is refused with located diagnostics")
    func mutatedMinimal() async {
        await propertyCheck(count: Mutation.count(300), input: Mutation.edits(4)) { edits in
            let loaded = load(Mutation.apply(edits, to: minimalProfile))
            #expect(loaded.profile != nil || !loaded.diagnostics.isEmpty)
        }
    }

    @Test("any text is a bounded duration or a parse error")
    func durations() async {
        let words = ["h", "m", "d", " days", " workdays", " workhours", " hours", " minutes", "", " weeks", "d d"]
        await propertyCheck(count: Mutation.count(500), input: Gen.int(in: Int.min...Int.max), Gen.int(in: 0...10), Mutation.edits(2)) { number, word, edits in
            let text = Mutation.apply(edits, to: "\(number)\(words[word])")
            guard let limit = try? TimeLimit(parsing: text) else { return }
            #expect(limit.amount <= TimeLimit.maximum(limit.unit))
            #expect((try? TimeLimit(parsing: limit.description)) == limit)
        }
    }
}
