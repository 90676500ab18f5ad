import Foundation
import Testing
import Ordinance
import Platform

/// What an office sees when it reviews its grids: staff per grid and the rules broken.
@Suite("Grid review")
struct OrgReviewTests {
    @Test("Lhasa: a grid with only its chief lacks an instructor and a full-time worker (第十三条第一款); a fully staffed grid has no findings")
    func understaffed() throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let review = try lhasa.org.review(on: day)
        let first = try #require(review.first { $0.code == "540102002001001" })
        #expect(first.findings.isEmpty)
        #expect(first.staff.map(\.id).sorted() == ["LS-0001", "LS-0002", "LS-0003", "LS-0004"])
        let second = try #require(review.first { $0.code == "540102002001002" })
        #expect(second.staff.map(\.role) == ["网格长"])
        #expect(second.findings.map(\.rule) == ["grid-understaffed", "grid-understaffed"])
        #expect(second.findings.allSatisfy { $0.article == "拉萨市网格化服务管理条例 第十三条第一款" && $0.severity == .warning })
        #expect(second.findings.map(\.message).contains("冲赛康社区第二网格 has 0 专职网格员 (at least 1)"))
    }

    @Test("Yongzhou: every grid needs a 网格员, full-time or part-time (第七条第一款); the industrial-park grid has none")
    func yongzhouStaffing() throws {
        let yongzhou = try city("yongzhou")
        defer { try? yongzhou.close() }
        let review = try yongzhou.org.review(on: day)
        #expect(review.first { $0.code == "YZ-431102001001-02" }?.findings.isEmpty == true)  // one full-time worker is enough
        let park = try #require(review.first { $0.code == "YZ-431102001001-Z1" })
        #expect(park.findings.map(\.message) == ["零陵工业园专属网格 has 0 专职网格员 or 兼职网格员 (at least 1 in all)"])
        #expect(park.findings.first?.article == "永州市网格化服务管理规定 第七条第一款")
    }
}
