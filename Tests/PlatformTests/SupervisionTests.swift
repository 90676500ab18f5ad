import Foundation
import GRDB
import Testing
import Kernel
import Ordinance
import Platform
import Store

/// Deadlines, supervision (督办), the archive, and pinning cases to their profile version.
@Suite("Supervision and archive")
struct SupervisionTests {
    @Test("the sweep marks overdue cases once and records supervision; a second run changes nothing")
    func sweepIsIdempotent() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let late = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        let fresh = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 17:00")).state.id
        // Acceptance was due 16:30 for the first; the second, reported at 17:00, is due next morning.
        let swept = try lhasa.cases.sweep(at: time("2025-06-03 17:30"))
        #expect(swept.map(\.state.id) == [late])
        #expect(try lhasa.cases.view(late).state.overdue)
        #expect(try lhasa.cases.view(fresh).state.overdue == false)
        let history = try lhasa.cases.view(late).history ?? []
        #expect(history.last?.kind == "supervise")
        #expect(history.last?.article == "拉萨市网格化服务管理条例 第十七条第二款")
        // The 4 work hours for acceptance are the platform's seed value, not the ordinance's: the supervision says so.
        #expect(history.last?.note?.hasSuffix("（本地时限，非条例规定：平台初始设置：条例未定此时限（只要求及时），以本地网格化工作机构的实施办法为准）") == true)
        let accept = try #require(try lhasa.cases.view(late).pending.first { $0.key == "accept" })
        #expect(accept.timeLimit == "4 workhours" && accept.localLimit && accept.timeLimitSource?.hasPrefix("local: ") == true)
        #expect(try lhasa.cases.sweep(at: time("2025-06-03 17:31")).isEmpty)
        #expect(try lhasa.cases.view(late).history?.count == history.count)
        #expect(try lhasa.cases.list(overdue: true).map(\.state.id) == [late])
        // Acting on the case starts a new time limit and clears the mark.
        let accepted = try await lhasa.cases.act(late, .accept(note: nil), as: "LS-0006", at: time("2025-06-04 09:40"))
        #expect(accepted.state.overdue == false)
    }

    @Test("where the profile says so, an overdue case is escalated one level")
    func sweepEscalates() async throws {
        let lhasa = try city("lhasa", version: "2023-11-01") {
            $0.replacingOccurrences(of: "    escalate: false\n    art: 第十七条第二款", with: "    escalate: true\n    art: 第十七条第二款")
        }
        defer { try? lhasa.close() }
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        let swept = try lhasa.cases.sweep(at: time("2025-06-04 10:00"))
        #expect(swept.first?.state.officeLevel == "county")
        #expect(try lhasa.cases.view(id).history?.last?.note?.contains("逐级上报至 县（区）") == true)
    }

    @Test("verification goes page by page and still finds an altered event on a later page")
    func pagedVerification() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        var ids: [String] = []
        for n in 0..<5 {
            ids.append(try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, note: "第\(n)件",
                                                    at: time("2025-06-03 10:00")).state.id)
        }
        let altered = ids[3]
        try await lhasa.database.pool.write { db in
            try db.execute(sql: "DROP TRIGGER case_event_no_update")
            try db.execute(sql: "UPDATE case_event SET body = replace(body, '第3件', '第9件') WHERE case_id = ?", arguments: [altered])
        }
        var pages: [[String]] = []
        var next: String?
        repeat {
            let after = next
            let page = try await lhasa.database.pool.read { try CaseStore.verifyArchive(after: after, limit: 2, in: $0) }
            pages.append(page.problems.map(\.caseId))
            next = page.next
        } while next != nil
        #expect(pages == [[], [ids[3]], []])
        #expect(try lhasa.cases.verifyArchive().problems.map(\.subject) == [ids[3]])
    }

    @Test("the archive shows an altered or a deleted event")
    func archiveTampering() async throws {
        let lhasa = try city("lhasa")
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 11:00"))
        _ = try await lhasa.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "LS-0006", at: time("2025-06-03 11:30"))
        let other = try await lhasa.cases.report(item: "LS-04", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 12:00")).state.id
        let clean = try lhasa.cases.verifyArchive()
        #expect(clean.cases == 2 && clean.events == 4 && clean.problems.isEmpty)

        // The log refuses updates and deletes through SQL…
        #expect(throws: DatabaseError.self) {
            try lhasa.database.pool.write { try $0.execute(sql: "UPDATE case_event SET actor = 'x' WHERE case_id = ?", arguments: [id]) }
        }
        // …so someone who drops the triggers, or edits the file, is caught by the hash chain.
        try await lhasa.database.pool.write { db in
            try db.execute(sql: "DROP TRIGGER case_event_no_update; DROP TRIGGER case_event_no_delete")
            try db.execute(sql: "UPDATE case_event SET body = replace(body, 'LS-0006', 'LS-0001') WHERE case_id = ? AND seq = 1", arguments: [id])
            try db.execute(sql: "DELETE FROM case_event WHERE case_id = ? AND seq = 1", arguments: [other])
        }
        let report = try lhasa.cases.verifyArchive()
        #expect(report.problems.map(\.description) == [
            "lhasa-2025-000001 event 1: the event was altered (its hash does not match)",
        ])
        try await lhasa.database.pool.write { db in
            try db.execute(sql: "DELETE FROM case_event WHERE case_id = ? AND seq = 0", arguments: [other])
        }
        #expect(try lhasa.cases.verifyArchive().problems.map(\.description).last
            == "lhasa-2025-000002: the case has 1 events on record but 0 in the archive")
        try lhasa.close()
    }

    @Test("a case keeps the profile version it was reported under; an amendment applies to new cases only")
    func pinnedVersion() async throws {
        let folder = scratch.appendingPathComponent("pin-\(UUID())/yongzhou")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let original = try String(contentsOf: ordinances.appendingPathComponent("yongzhou/2024-03-01.yaml"), encoding: .utf8)
        try original.write(to: folder.appendingPathComponent("2024-03-01.yaml"), atomically: true, encoding: .utf8)
        let amended = original
            .replacingOccurrences(of: "  effective: 2024-03-01\n", with: "  effective: 2025-07-01\n  amends: 2024-03-01\n")
            .replacingOccurrences(of: "time_limit: 4 workhours", with: "time_limit: 2 workhours")
        try amended.write(to: folder.appendingPathComponent("2025-07-01.yaml"), atomically: true, encoding: .utf8)

        let deployment = try freshDeployment()
        _ = try deployment.onboard(key: "yongzhou", profileFolder: folder, on: day)
        let yongzhou = try deployment.open("yongzhou")
        defer { try? yongzhou.close() }
        _ = try yongzhou.org.importUnits(csv: try sample("yongzhou", "units.csv"), file: "units.csv", on: day)
        _ = try yongzhou.staff.importStaff(csv: try sample("yongzhou", "staff.csv"), file: "staff.csv", on: day)

        let old = try await yongzhou.cases.report(item: "YZ-03", grid: "YZ-431102001001-01", as: "YZ-0001", reporter: citizen, at: time("2025-06-30 10:00"))
        let new = try await yongzhou.cases.report(item: "YZ-03", grid: "YZ-431102001001-01", as: "YZ-0001", reporter: citizen, at: time("2025-07-01 10:00"))
        #expect(old.state.profileVersion == Day("2024-03-01"))
        #expect(new.state.profileVersion == Day("2025-07-01"))
        #expect(show(old.state.dueAt) == "2025-06-30 16:30")  // 4 workhours as in force when reported: 2 before the noon break, 2 after
        #expect(show(new.state.dueAt) == "2025-07-01 12:00")  // 2 workhours under the amendment
        let returned = try await yongzhou.cases.act(old.state.id, .accept(note: nil), as: "YZ-0004", at: time("2025-07-01 11:00"))
        #expect(returned.state.profileVersion == Day("2024-03-01"))
    }
}
