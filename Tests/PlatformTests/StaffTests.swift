import Foundation
import Testing
import Ordinance
import Platform

/// Appointments checked against the ordinance: each refusal cites its article.
@Suite("Staff")
struct StaffTests {
    private func changji() throws -> Tenant {
        let tenant = try deployment(with: ["changji"]).open("changji")
        _ = try tenant.org.importUnits(csv: try sample("changji", "units.csv"), file: "units.csv", on: day)
        return tenant
    }

    @Test("Changji: a disqualification arising after appointment ends the full-time post it bars, citing 第十一条第二款; the part-time post stands")
    func disqualifiedLater() throws {
        let tenant = try changji()
        defer { try? tenant.close() }
        _ = try tenant.staff.addPerson(id: "later", name: "赵六", birthDate: Day("1988-01-01"), citizenship: "CN", phone: nil, on: day)
        _ = try tenant.staff.appoint("later", role: "full_time_worker", unit: "652301001001002", department: nil, on: day)
        _ = try tenant.staff.appoint("later", role: "part_time_worker", unit: "652301001001001", department: nil, on: day)
        let after = try tenant.staff.recordDisqualification("later", "detention", on: Day("2025-07-01")!)
        #expect(after.disqualifications == ["detention"])
        let posts = after.appointments.map { "\($0.appointment.role) \($0.appointment.endedOn ?? "active")" }.sorted()
        #expect(posts == ["full_time_worker 2025-07-01", "part_time_worker active"])
        #expect(after.appointments.first { $0.appointment.role == "full_time_worker" }?.appointment.endReason
            == "不得担任专职网格员：曾被行政拘留、司法拘留的（昌吉回族自治州城乡网格化管理服务条例 第十一条第二款）")
        #expect(refusal { _ = try tenant.staff.recordDisqualification("later", "bankrupt", on: day) }.first?.contains("[disqualification]") == true)
    }

    @Test("Changji: a full-time worker must be 18, a citizen, and not disqualified (第十一条)")
    func changjiEligibility() throws {
        let tenant = try changji()
        defer { try? tenant.close() }
        _ = try tenant.staff.addPerson(id: "young", name: "小明", birthDate: Day("2008-01-01"), citizenship: "CN", phone: nil, on: day)
        #expect(refusal { _ = try tenant.staff.appoint("young", role: "full_time_worker", unit: "652301001001001", department: nil, on: day) }
            == ["--role: 小明 is 17 on 2025-06-01; 专职网格员 must be at least 18 [eligibility] — 昌吉回族自治州城乡网格化管理服务条例 第十一条第一款"])
        _ = try tenant.staff.addPerson(id: "foreign", name: "John", birthDate: Day("1990-01-01"), citizenship: "GB", phone: nil, on: day)
        #expect(refusal { _ = try tenant.staff.appoint("foreign", role: "full_time_worker", unit: "652301001001001", department: nil, on: day) }
            == ["--role: 专职网格员 must be a citizen of CN; John's citizenship is GB [eligibility] — 昌吉回族自治州城乡网格化管理服务条例 第十一条第一款"])
        _ = try tenant.staff.addPerson(id: "detained", name: "王五", birthDate: Day("1985-01-01"), citizenship: "CN", phone: nil,
                                 disqualifications: ["detention"], on: day)
        #expect(refusal { _ = try tenant.staff.appoint("detained", role: "full_time_worker", unit: "652301001001001", department: nil, on: day) }
            == ["--role: 王五 may not serve as 专职网格员: 曾被行政拘留、司法拘留的 [disqualified] — 昌吉回族自治州城乡网格化管理服务条例 第十一条第二款"])
        // 网格长 are drawn from committee members or 专职网格员 (第十条第二款): neither a 16-year-old nor the detained person may be one.
        _ = try tenant.staff.addPerson(id: "sixteen", name: "小红", birthDate: Day("2009-03-01"), citizenship: "CN", phone: nil, on: day)
        #expect(refusal { _ = try tenant.staff.appoint("sixteen", role: "grid_chief", unit: "652301001001002", department: nil, on: day) }
            .first?.hasPrefix("--role: 小红 is 16 on 2025-06-01; 网格长 must be at least 18 [eligibility] — 昌吉回族自治州城乡网格化管理服务条例 第十条第二款（解读：") == true)
        #expect(refusal { _ = try tenant.staff.appoint("detained", role: "grid_chief", unit: "652301001001002", department: nil, on: day) }
            .first?.hasPrefix("--role: 王五 may not serve as 网格长: 曾被行政拘留、司法拘留的 [disqualified] — 昌吉回族自治州城乡网格化管理服务条例 第十一条第二款（解读：") == true)
        // The same person may serve as a part-time worker: the law bars only full-time workers.
        let view = try tenant.staff.appoint("detained", role: "part_time_worker", unit: "652301001001001", department: nil, on: day)
        #expect(view.appointments.map(\.roleName) == ["兼职网格员"])
        #expect(refusal { _ = try tenant.staff.addPerson(id: "x", name: "某", birthDate: nil, citizenship: nil, phone: nil, disqualifications: ["bankrupt"], on: day) }
            == ["--id: 'bankrupt' is not a disqualification of this ordinance (known: credit-blacklist, criminal-record, detention, dismissed, other-legal) [disqualification]"])
        #expect(try tenant.staff.list(on: day).count == 1)
    }

    @Test("Luzhou: new workers serve only after pre-service training (第二十一条)")
    func luzhouTraining() throws {
        let tenant = try deployment(with: ["luzhou"]).open("luzhou")
        defer { try? tenant.close() }
        _ = try tenant.org.importUnits(csv: try sample("luzhou", "units.csv"), file: "units.csv", on: day)
        _ = try tenant.staff.addPerson(id: "new", name: "新人", birthDate: Day("1995-01-01"), citizenship: "CN", phone: nil, on: day)
        #expect(refusal { _ = try tenant.staff.appoint("new", role: "full_time_worker", unit: "510502001001001", department: nil, on: day) }
            == ["--role: 专职网格员 serves only after passing pre-service training; 新人 has none recorded on or before 2025-06-01 [training] — 泸州市基层社会治理网格化服务管理条例 第二十一条"])
        _ = try tenant.staff.recordTraining("new", passedOn: Day("2025-05-20")!)
        #expect(try tenant.staff.appoint("new", role: "full_time_worker", unit: "510502001001001", department: nil, on: day)
            .appointments.count == 1)
    }

    @Test("Lhasa: one grid chief per grid (第十三条, a reading that says so); roles serve where the profile places them")
    func lhasaChief() throws {
        let tenant = try deployment(with: ["lhasa"]).open("lhasa")
        defer { try? tenant.close() }
        _ = try tenant.org.importUnits(csv: try sample("lhasa", "units.csv"), file: "units.csv", on: day)
        _ = try tenant.staff.importStaff(csv: try sample("lhasa", "staff.csv"), file: "staff.csv", on: day)
        _ = try tenant.staff.addPerson(id: "LS-0100", name: "尼玛", birthDate: nil, citizenship: nil, phone: nil, on: day)
        #expect(refusal { _ = try tenant.staff.appoint("LS-0100", role: "grid_chief", unit: "540102002001001", department: nil, on: day) }
            == ["--role: 冲赛康社区第一网格 already has 1 网格长 (at most 1 per grid) [per-grid] — 拉萨市网格化服务管理条例 第十三条第一款（解读：第十三条第二款称网格长是所在网格服务管理工作的总责任人，读作每个网格一名）"])
        #expect(refusal { _ = try tenant.staff.appoint("LS-0100", role: "handler", unit: "540102002001001", department: nil, on: day) }
            == ["--role: 承办部门工作人员 serves at a department: give --department [role-place] — 拉萨市网格化服务管理条例 第十七条第二款"])
        #expect(refusal { _ = try tenant.staff.appoint("LS-0100", role: "office_staff", unit: "540102002001001", department: nil, on: day) }
            == ["--role: 网格化工作机构工作人员 serves at city or county or township level, but 冲赛康社区第一网格 is a grid unit [role-place] — 拉萨市网格化服务管理条例 第五条第二款"])
        let chief = try tenant.staff.appoint("LS-0100", role: "grid_chief", unit: "540102002002001", department: nil, on: day)
        #expect(chief.appointments.map(\.place) == ["鲁固社区第一网格"])
    }

    @Test("leaving service ends the appointment and keeps the history; the post can be filled again")
    func leaving() throws {
        let tenant = try deployment(with: ["lhasa"]).open("lhasa")
        defer { try? tenant.close() }
        _ = try tenant.org.importUnits(csv: try sample("lhasa", "units.csv"), file: "units.csv", on: day)
        _ = try tenant.staff.importStaff(csv: try sample("lhasa", "staff.csv"), file: "staff.csv", on: day)
        let left = try tenant.staff.leave("LS-0001", role: "grid_chief", unit: nil, on: Day("2025-07-01")!, reason: "退休")
        #expect(left.appointments.map(\.appointment.endedOn) == ["2025-07-01"])
        #expect(left.appointments.first?.appointment.endReason == "退休")
        #expect(try tenant.staff.list(role: "grid_chief", on: day).map(\.person.id) == ["LS-0005"])
        #expect(try tenant.staff.list(role: "grid_chief", includeFormer: true, on: day).map(\.person.id) == ["LS-0001", "LS-0005"])
        _ = try tenant.staff.addPerson(id: "LS-0100", name: "尼玛", birthDate: nil, citizenship: nil, phone: nil, on: day)
        _ = try tenant.staff.appoint("LS-0100", role: "grid_chief", unit: "540102002001001", department: nil, on: Day("2025-07-02")!)
        #expect(refusal { _ = try tenant.staff.leave("LS-0001", role: "grid_chief", unit: nil, on: day, reason: "again") }
            == ["--role: 次仁多吉 has no current appointment as grid_chief [no-appointment]"])
    }

    @Test("a maximum age (不超过六十周岁, as a further city's text might say) refuses an appointment past it, and reports one who passes it in service")
    func maximumAge() throws {
        let tenant = try city("city2023", version: "2023-01-01") { text in
            text.replacingOccurrences(of: "    eligibility:\n      min_age: 18\n", with: "    eligibility:\n      min_age: 18\n      max_age: 60\n")
        }
        defer { try? tenant.close() }
        _ = try tenant.staff.addPerson(id: "OLD", name: "老李", birthDate: Day("1960-01-01"), citizenship: "CN", phone: nil, on: day)
        _ = try tenant.staff.recordTraining("OLD", passedOn: Day("2025-05-01")!)
        #expect(refusal { _ = try tenant.staff.appoint("OLD", role: "grid_worker", unit: "990102001001002", department: nil, on: day) }
            == ["--role: 老李 is 65 on 2025-06-01; 网格员 must be at most 60 [eligibility] — 社会治理网格化服务管理条例 第十二条"])
        // A worker appointed at 59 is reported by the review once past 60, not before.
        _ = try tenant.staff.addPerson(id: "NEAR", name: "老王", birthDate: Day("1965-07-01"), citizenship: "CN", phone: nil, on: day)
        _ = try tenant.staff.recordTraining("NEAR", passedOn: Day("2025-05-01")!)
        _ = try tenant.staff.appoint("NEAR", role: "grid_worker", unit: "990102001001002", department: nil, on: day)
        #expect(try tenant.org.review(on: day).flatMap(\.findings).contains { $0.rule == "over-age" } == false)
        #expect(try tenant.org.review(on: Day("2026-01-01")!).flatMap(\.findings).contains { $0.rule == "over-age" } == false)  // 60: still within
        #expect(try tenant.org.review(on: Day("2026-08-01")!).flatMap(\.findings).contains { $0.rule == "over-age" && $0.message.hasPrefix("老王 (NEAR) is 61") })
    }
}
