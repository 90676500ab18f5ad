import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// Grid division as the ordinances declare it: divided by one body, approved by another,
/// filed with a third, each step archived with its actor, date and article.
@Suite("Grid division procedure")
struct GridDivisionTests {
    let twoGrids = """
        code,name,kind,households,area
        652301001001003,延安南路社区第三网格,comprehensive,240,urban
        652301001001004,延安南路社区第四网格,comprehensive,260,urban
        """

    /// Changji with CJ-G1 acting for 宁边路街道's government, which divides grids (第六条第一款).
    func changjiWithTownshipGovernment() throws -> Tenant {
        let changji = try city("changji")
        _ = try changji.staff.addPerson(id: "CJ-G1", name: "阿依古丽", birthDate: Day("1985-03-01"), citizenship: "CN", phone: nil, on: day)
        _ = try changji.staff.appoint("CJ-G1", role: "township_government", unit: "652301001000", department: nil, on: day)
        return changji
    }

    @Test("Changji: the township government divides, the grids exist at once, and the county centre takes the division on file (第六条第一款)")
    func changjiDivideAndFile() throws {
        let changji = try changjiWithTownshipGovernment()
        defer { try? changji.close() }
        // The centre's staff do not act for the township government.
        #expect(refusal { _ = try changji.org.divide(under: "652301001001", csv: twoGrids, file: "grids.csv", as: "CJ-0005", at: time("2025-06-03 10:00")) }
            == ["张丽 (CJ-0005) is not 乡（镇）人民政府、街道办事处工作人员 at 宁边路街道, who may divide grids [actor-role] — 昌吉回族自治州城乡网格化管理服务条例 第六条第一款"])
        let divided = try changji.org.divide(under: "652301001001", csv: twoGrids, file: "grids.csv", note: "延安南路社区网格调整方案",
                                             as: "CJ-G1", at: time("2025-06-03 10:00"))
        #expect(divided.division.status == .inEffect)
        #expect(divided.division.pending == ["file"])
        #expect(divided.created == ["652301001001003", "652301001001004"])
        #expect(try changji.org.unit("652301001001003").grid?.households == 240)
        // Filing is the county centre's, not the township's.
        #expect(refusal { _ = try changji.org.decide(division: divided.division.id, .file(note: nil), as: "CJ-0005", at: time("2025-06-04 10:00")) }
            .first?.contains("[actor-role]") == true)
        let filed = try changji.org.decide(division: divided.division.id, .file(note: "已备案"), as: "CJ-0007", at: time("2025-06-04 10:00"))
        #expect(filed.division.status == .filed && filed.division.pending.isEmpty)
        let history = try #require(try changji.org.division(divided.division.id).history)
        #expect(history.map { "\($0.kind) \($0.actor)" } == ["divide CJ-G1", "file CJ-0007"])
        #expect(history.allSatisfy { $0.article == "昌吉回族自治州城乡网格化管理服务条例 第六条第一款" })
        #expect(try changji.cases.verifyArchive().problems.isEmpty)
    }

    @Test("a division with bad rows is refused whole, each row named; nothing is created")
    func badRowsRefused() throws {
        let changji = try changjiWithTownshipGovernment()
        defer { try? changji.close() }
        let bad = """
            code,name,kind,households,area
            652301001001001,重复编码的网格,comprehensive,240,urban
            652301001001005,新网格,district,240,urban
            """
        let problems = refusal { _ = try changji.org.divide(under: "652301001001", csv: bad, file: "bad.csv", as: "CJ-G1", at: time("2025-06-03 10:00")) }
        #expect(problems.count == 2)
        #expect(problems.first?.contains("bad.csv: grid 1 (652301001001001)") == true)
        #expect(problems.last?.contains("bad.csv: grid 2 (652301001001005)") == true && problems.last?.contains("[grid-kind]") == true)
        #expect(try changji.org.divisions().isEmpty)
        #expect(throws: (any Error).self) { try changji.org.unit("652301001001005") }
    }

    @Test("Yongzhou: the township government divides, the county office reviews (审核) before any grid exists; a refusal creates none (第六条第一款)")
    func yongzhouApproval() throws {
        let yongzhou = try city("yongzhou")
        defer { try? yongzhou.close() }
        _ = try yongzhou.staff.addPerson(id: "YZ-G1", name: "陈思", birthDate: Day("1986-05-01"), citizenship: "CN", phone: nil, on: day)
        _ = try yongzhou.staff.appoint("YZ-G1", role: "township_government", unit: "431102001000", department: nil, on: day)
        let grids = """
            code,name,kind,households,area
            YZ-431102001001-03,天心社区第三网格,comprehensive,230,urban
            """
        let proposed = try yongzhou.org.divide(under: "431102001001", csv: grids, file: "grids.csv", as: "YZ-G1", at: time("2025-06-03 10:00"))
        #expect(proposed.division.status == .proposed && proposed.division.pending == ["approve"])
        #expect(proposed.created.isEmpty)
        #expect(throws: (any Error).self) { try yongzhou.org.unit("YZ-431102001001-03") }
        #expect(refusal { _ = try yongzhou.org.decide(division: proposed.division.id, .file(note: nil), as: "YZ-0007", at: time("2025-06-04 10:00")) }
            .first?.contains("must be approved first") == true)
        let approved = try yongzhou.org.decide(division: proposed.division.id, .approve(note: "同意"), as: "YZ-0007", at: time("2025-06-04 10:00"))
        #expect(approved.division.status == .inEffect && approved.created == ["YZ-431102001001-03"])
        #expect(try yongzhou.org.unit("YZ-431102001001-03").grid?.households == 230)
        // Filing goes to the city office, not the county's.
        #expect(refusal { _ = try yongzhou.org.decide(division: proposed.division.id, .file(note: nil), as: "YZ-0007", at: time("2025-06-05 10:00")) }
            == ["周丽华 (YZ-0007) is not 信息平台运行机构工作人员 at 永州市, who may take grid divisions on file (备案) [actor-role] — 永州市网格化服务管理规定 第六条第一款"])
        let city = try #require(try yongzhou.org.units(level: "city").first)
        _ = try yongzhou.staff.addPerson(id: "YZ-C1", name: "唐敏", birthDate: Day("1984-09-01"), citizenship: "CN", phone: nil, on: day)
        _ = try yongzhou.staff.appoint("YZ-C1", role: "platform_staff", unit: String(city.id), department: nil, on: day)
        let filed = try yongzhou.org.decide(division: proposed.division.id, .file(note: nil), as: "YZ-C1", at: time("2025-06-05 10:00"))
        #expect(filed.division.status == .filed)
        #expect(try yongzhou.org.division(proposed.division.id).history?.map(\.actor) == ["YZ-G1", "YZ-0007", "YZ-C1"])

        let another = try yongzhou.org.divide(under: "431102001001", csv: grids.replacingOccurrences(of: "-03", with: "-04").replacingOccurrences(of: "第三", with: "第四"), file: "grids.csv",
                                              as: "YZ-G1", at: time("2025-06-06 10:00"))
        let refused = try yongzhou.org.decide(division: another.division.id, .refuse(reason: "户数不足，与第三网格合并"), as: "YZ-0007", at: time("2025-06-07 10:00"))
        #expect(refused.division.status == .refused && refused.created.isEmpty)
        #expect(throws: (any Error).self) { try yongzhou.org.unit("YZ-431102001001-04") }
    }
}
