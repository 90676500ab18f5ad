import Foundation
import Testing
import Ordinance
import Platform

/// Legal staff's scenarios beside each profile (`ordinances/<tenant>/scenarios`), run as
/// `wangge ordinance test` runs them; and what a scenario that contradicts its profile says.
@Suite("Scenarios")
struct ScenarioTests {
    static let tenants = ["city2023", "changji", "luzhou", "lhasa", "yongzhou"]

    @Test("every city's scenarios pass against its profile", arguments: tenants)
    func cityScenarios(_ tenant: String) async throws {
        let runner = ScenarioRunner(folder: ordinances.appendingPathComponent(tenant))
        #expect(!runner.files.isEmpty, "\(tenant) has scenarios for its distinctive articles")
        for file in runner.files {
            let outcome = await runner.run(file: file, shownAs: "\(tenant)/scenarios/\(file.lastPathComponent)")
            #expect(outcome.passed, "\(outcome.file): \(outcome.failures.joined(separator: "\n"))")
        }
    }

    /// Writes `text` as a scenario file and runs it for Lhasa.
    func run(_ text: String) async throws -> ScenarioRunner.Outcome {
        let file = scratch.appendingPathComponent("scenario-\(UUID().uuidString).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return await ScenarioRunner(folder: ordinances.appendingPathComponent("lhasa")).run(file: file, shownAs: "lhasa/scenarios/wrong.yaml")
    }

    static let given = """
        scenario: 网格员办结事项
        art: 第十七条第二款
        given: {units: sample/units.csv, staff: sample/staff.csv}
        steps:
          - {at: 2025-06-03 10:00, as: LS-0003, report: {item: LS-06, grid: "540102002001001"}}

        """

    @Test("a scenario that contradicts the profile fails at the step where it diverges, with the article of the step concerned")
    func contradiction() async throws {
        let outcome = try await run(Self.given + """
              - {at: 2025-06-03 10:30, as: LS-0003, close: {}, expect: {status: closed}}
            """)
        #expect(!outcome.passed)
        let failure = try #require(outcome.failures.first)
        #expect(failure.hasPrefix("step 2 (lhasa/scenarios/wrong.yaml:6, 2025-06-03 10:30, LS-0003 close): refused:"))
        #expect(failure.contains("[resolve_on_site 当场解决 — 拉萨市网格化服务管理条例 第十七条第一款; accept"))
        #expect(outcome.article == "拉萨市网格化服务管理条例 第十七条第二款")
    }

    @Test("an expected due time, event or refusal that does not come is named with what came instead")
    func expectations() async throws {
        let due = try await run(Self.given + """
              - {at: 2025-06-03 10:30, as: LS-0006, accept: {}, expect: {events: [accept, dispatch], due: 2025-06-03 18:00}}
            """)
        #expect(due.failures.count == 2)
        #expect(due.failures[0].hasSuffix("expected events [accept, dispatch], but the step recorded [accept]"))
        #expect(due.failures[1].contains("expected due 2025-06-03 18:00, but it is due 2025-06-04 18:00"))
        let allowed = try await run(Self.given + """
              - {at: 2025-06-03 10:30, as: LS-0006, accept: {}, expect: {refused: {rule: actor-role, art: 第二十五条第二款}}}
            """)
        #expect(allowed.failures == ["step 2 (lhasa/scenarios/wrong.yaml:6, 2025-06-03 10:30, LS-0006 accept): expected a refusal [actor-role] 第二十五条第二款, but it was allowed"])
    }

    @Test("scenario files are checked like profiles: file:line:column, rule, and nothing runs")
    func badFiles() async throws {
        let outcome = try await run("""
            scenario: 错误示例
            steps:
              - at: 2025-06-03 25:00
                as: LS-0003
                report: {item: LS-06, grid: "540102002001001", colour: red}
              - at: 2025-06-03 10:00
                accept: {}
                close: {}
            """)
        #expect(outcome.failures == [
            "lhasa/scenarios/wrong.yaml:3:9: error: steps[0].at: '2025-06-03 25:00' is not a time: write YYYY-MM-DD HH:MM, in the city's time zone [invalid-value]",
            "lhasa/scenarios/wrong.yaml:5:52: error: steps[0].report: unknown key 'colour' (allowed here: item, grid, channel, emergency, category, note, reason, lead, participants, unit, result, passed, step, rating) [unknown-key]",
            "lhasa/scenarios/wrong.yaml:6:5: error: steps[1]: one action per step, found accept and close [missing-key]",
            "lhasa/scenarios/wrong.yaml:6:5: error: steps[1]: say who acts (as: <staff id>, or platform) [missing-key]",
        ])
    }
}
