import Testing
@testable import Ordinance

@Suite("The minimal test profile")
struct FixtureTests {
    @Test("loads without any problem, so each broken variant shows one problem only")
    func minimalProfileIsValid() throws {
        let result = load(minimalProfile)
        #expect(result.diagnostics == [])
        let profile = try #require(result.profile)
        #expect(profile.ordinance.tenant == "testcity")
        #expect(profile.workflow.steps.map(\.key) == ["report", "accept", "handle", "close"])
        #expect(profile.grids.code?.pattern == "^[0-9]{9}[0-9]{3}$")
    }
}
