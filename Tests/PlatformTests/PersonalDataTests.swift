import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// Personal data (city2023 第二十五条第二款 数据使用分级准入): who sees a reporter's name and
/// phone, and every unmasked view logged first, at the command line as over HTTP.
@Suite("Personal data by tier")
struct PersonalDataTests {
    let at = time("2025-06-03 10:00")

    @Test("city2023: the grid team (物业服务人员 among them, 第十六条第一款) sees no reporter's name or phone; the grid worker does, and it is logged")
    func teamMembersSeeNoReporter() async throws {
        let tenant = try city("city2023")
        defer { try? tenant.close() }
        let id = try await tenant.cases.report(item: "CS-01", grid: "990102001001001", as: "CS-0001", reporter: citizen, at: at).state.id
        let team = try tenant.access.scope(for: try tenant.access.caller(staff: "CS-0003", at: at), at: at)
        let seen = try await tenant.cases.view(id, for: team, at: at)
        #expect(seen.state.reporter.name == "张*" && seen.state.reporter.phone != "13900000000")
        #expect(try tenant.access.accessLog(subject: id).isEmpty)

        let worker = try tenant.access.scope(for: try tenant.access.caller(staff: "CS-0001", at: at), at: at)
        #expect(try await tenant.cases.view(id, for: worker, at: at).state.reporter.name == "张三")
        #expect(try tenant.access.accessLog(subject: id).map { "\($0.staffId) \($0.action) \($0.fields)" } == ["CS-0001 case.show [\"reporter_name\", \"reporter_phone\"]"])
    }
}
