import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// A further city, not one of the five, whose ordinance uses the shapes of workflow language
/// v2: onboarded and run from its YAML alone (Tests/PlatformTests/Fixtures/haibin).
@Suite("A sixth city from its YAML alone")
struct SixthCityTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/haibin")
    static let units = """
        ref,parent,level,name,division_code,kind,code,households,area
        east,,county,东海区,990901,,,,
        bay,east,township,海湾街道,990901001000,,,,
        pier,bay,community,码头社区,990901001001,,,,
        p-1,pier,grid,码头社区第一网格,,comprehensive,990901001001001,260,urban
        """
    static let staff = """
        id,name,birth_date,citizenship,phone,disqualifications,training_passed,role,unit,department,started_on
        HB-01,林海,1990-01-01,CN,13800000001,,,worker,990901001001001,,2026-01-01
        HB-02,陈潮,1986-01-01,CN,13800000002,,,staff,990901001000,,2026-01-01
        HB-03,吴岸,1984-01-01,CN,13800000003,,,staff,990901,,2026-01-01
        HB-04,郑港,1979-01-01,CN,13800000004,,,district_government,990901,,2026-01-01
        HB-05,黄汛,1988-01-01,CN,13800000005,,,handler,,emergency,2026-01-01
        """

    func haibin() throws -> Tenant {
        let deployment = try freshDeployment()
        _ = try deployment.onboard(key: "haibin", profileFolder: Self.folder, on: Day("2026-01-01")!)
        let tenant = try deployment.open("haibin")
        _ = try tenant.org.importUnits(csv: Self.units, file: "units.csv", on: Day("2026-01-01")!)
        _ = try tenant.staff.importStaff(csv: Self.staff, file: "staff.csv", on: Day("2026-01-01")!)
        return tenant
    }

    let caller = Reporter(channel: .citizen, name: "赵女士", phone: "13900000009")

    @Test("deemed acceptance, feedback only to a known reporter, an optional check skipped, a rating, close — each citing 海滨 articles")
    func caseFlow() async throws {
        let haibin = try haibin()
        defer { try? haibin.close() }
        let id = try await haibin.cases.report(item: "HB-01", grid: "990901001001001", as: "HB-01", reporter: caller, at: time("2026-03-03 09:00")).state.id
        #expect(try haibin.cases.sweep(at: time("2026-03-03 11:30")).first?.pending.map(\.key) == ["dispatch", "reject"])
        #expect(try haibin.cases.view(id).history?.last?.article == "海滨市网格化服务管理条例 第九条")
        _ = try await haibin.cases.act(id, .dispatch(lead: "emergency", participants: [], note: nil), as: "HB-02", at: time("2026-03-03 14:00"))
        let handled = try await haibin.cases.act(id, .handle(unit: "emergency", result: "已清理排水沟"), as: "HB-05", at: time("2026-03-04 10:00"))
        #expect(handled.pending.map(\.key) == ["feedback", "verify"])
        _ = try await haibin.cases.act(id, .feedBack(note: "已电话告知赵女士"), as: "HB-05", at: time("2026-03-04 11:00"))
        let skipped = try await haibin.cases.act(id, .skip(step: "verify", reason: "照片已证实，无需现场核查"), as: "HB-01", at: time("2026-03-04 12:00"))
        #expect(skipped.pending.map(\.key) == ["rating"])
        _ = try await haibin.cases.act(id, .rate(rating: "满意", note: nil), as: "HB-02", at: time("2026-03-04 15:00"))
        let closed = try await haibin.cases.act(id, .close(note: nil), as: "HB-02", at: time("2026-03-04 16:00"))
        #expect(closed.state.status == .closed && closed.state.rating == "满意")

        // Reported without contact details: no feedback is owed, the case passes it by.
        let anonymous = try await haibin.cases.report(item: "HB-01", grid: "990901001001001", as: "HB-01", reporter: Reporter(channel: .worker),
                                                      at: time("2026-03-05 09:00"))
        _ = try await haibin.cases.act(anonymous.state.id, .accept(note: nil), as: "HB-02", at: time("2026-03-05 09:30"))
        _ = try await haibin.cases.act(anonymous.state.id, .dispatch(lead: "emergency", participants: [], note: nil), as: "HB-02", at: time("2026-03-05 10:00"))
        let done = try await haibin.cases.act(anonymous.state.id, .handle(unit: "emergency", result: "已处置"), as: "HB-05", at: time("2026-03-05 15:00"))
        #expect(done.pending.map(\.key) == ["verify"])
    }

    @Test("the district government declares the typhoon period (第十二条之一); a complaint is handled by the street station (第十条); an unlisted matter is triaged")
    func periodsComplaintsTriage() async throws {
        let haibin = try haibin()
        defer { try? haibin.close() }
        let declared = try haibin.periods.declare("typhoon", as: "HB-04", at: time("2026-03-10 08:00"))
        let during = try await haibin.cases.report(item: "HB-01", grid: "990901001001001", as: "HB-01", reporter: caller, at: time("2026-03-10 09:00"))
        #expect(show(during.state.dueAt) == "2026-03-10 10:00")
        _ = try haibin.periods.end(declared.id, as: "HB-04", at: time("2026-03-12 08:00"))
        #expect(try haibin.periods.list().first?.status == .ended)

        let complaint = try haibin.complaints.file(about: "HB-01", matter: "上门时态度生硬", complainant: caller, as: "HB-02", at: time("2026-03-10 10:00"))
        let handled = try haibin.complaints.handle(complaint.complaint.id, upheld: true, result: "已批评教育", as: "HB-02", at: time("2026-03-11 10:00"))
        #expect(handled.complaint.status == .upheld)
        #expect(try haibin.complaints.complaint(complaint.complaint.id).history?.first?.article == "海滨市网格化服务管理条例 第十条")

        let unlisted = try await haibin.cases.report(item: "", grid: "990901001001001", as: "HB-01", reporter: caller, note: "海堤护栏松动",
                                                     at: time("2026-03-10 11:00"))
        #expect(unlisted.pending.map(\.key) == ["triage"])
        let filed = try await haibin.cases.act(unlisted.state.id, .triage(item: "HB-01", entry: nil, note: nil), as: "HB-02", at: time("2026-03-10 11:30"))
        #expect(filed.pending.map(\.key) == ["dispatch"])
    }
}
