import Foundation
import Testing
@testable import Ordinance

/// The documentation's complete example must stay a valid profile.
@Suite("Documentation")
struct DocumentationTests {
    @Test("the complete example in docs/ordinance-profile.md loads with no problem")
    func completeExample() throws {
        let doc = try String(contentsOf: ordinancesFolder.deletingLastPathComponent()
            .appendingPathComponent("docs/ordinance-profile.md"), encoding: .utf8)
        let section = try #require(doc.range(of: "## A complete example"))
        let rest = doc[section.upperBound...]
        let start = try #require(rest.range(of: "```yaml\n"))
        let end = try #require(rest[start.upperBound...].range(of: "```"))
        let yaml = String(rest[start.upperBound..<end.lowerBound])
        let result = ProfileLoader.load(data: Data(yaml.utf8), file: "example.yaml")
        #expect(result.diagnostics.map(\.description) == [])
        let profile = try #require(result.profile)
        #expect(profile.workflow.steps.count == 11)
        #expect(profile.access?.tiers.count == 3)
        #expect(profile.evaluation?.indicators.count == 2)
    }

    @Test("the evaluation section's example loads into a profile")
    func evaluationExample() throws {
        let doc = try String(contentsOf: ordinancesFolder.deletingLastPathComponent()
            .appendingPathComponent("docs/ordinance-profile.md"), encoding: .utf8)
        let section = try #require(doc.range(of: "### `evaluation`"))
        let rest = doc[section.upperBound...]
        let start = try #require(rest.range(of: "```yaml\n"))
        let end = try #require(rest[start.upperBound...].range(of: "```"))
        let result = load(minimalProfile + "\n" + String(rest[start.upperBound..<end.lowerBound]))
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.profile?.evaluation?.indicators.map(\.kind) == [.onTimeRate, .reported, .overdueOpen])
    }
}
