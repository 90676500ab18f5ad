import Foundation
import GRDB
import Testing
import Kernel
import Ordinance
import Platform

/// Published editions (向社会公布): numbered, dated, archived and immutable, in every
/// publication language in that language's words; the public sees the current one.
@Suite("Catalogue editions")
struct CatalogueEditionTests {
    let at = time("2025-06-03 10:00")

    @Test("lhasa: the county office publishes edition 1; the Tibetan edition cites the law, dates and time limits in Tibetan (第二十条、第二十二条)")
    func firstEdition() throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        #expect(refusal { _ = try tenant.catalogue.publish(by: "LS-0007", at: at) }.first?.contains("[actor-role]") == true)
        let edition = try tenant.catalogue.publish(by: "LS-0009", at: at)
        #expect(edition.number == 1 && edition.publishedOn == "2025-06-03" && edition.entries.count == 8 && edition.decisions.isEmpty)
        let zh = try #require(edition.publication.editions.first { $0.language == "zh" })
        let bo = try #require(edition.publication.editions.first { $0.language == "bo" })
        #expect(zh.heading == "拉萨市 网格化服务管理事项清单 第1版" && zh.date == "2025年6月3日")
        #expect(zh.items[0].basis == "拉萨市网格化服务管理条例 第二十一条第一项" && zh.items[0].timeLimit == "10个工作日")
        #expect(bo.date == "སྤྱི་ལོ་2025 ཟླ་6 ཚེས་3" && bo.heading.hasSuffix("པར་གཞི་1"))
        #expect(bo.items[0].basis == "ལྷ་ས་གྲོང་ཁྱེར་དྲ་མིག་ཅན་གྱི་ཞབས་ཞུ་དང་དོ་དམ་སྒྲིག་གཞི། དོན་ཚན་21 ཚན་ཕྲན་1" && bo.items[0].timeLimit == "ལས་ཉིན་10")
        // Before, 11 of 13 lines of the Tibetan edition cited the law in Chinese; now none does.
        let tibetan = edition.publication.text.drop { !$0.hasSuffix("(bo) — ཁྱབ་བསྒྲགས་ཚེས་གྲངས། སྤྱི་ལོ་2025 ཟླ་6 ཚེས་3") }
        #expect(!tibetan.isEmpty && !tibetan.contains { $0.contains("条") })
        // Nothing changed since: no second edition.
        #expect(refusal { _ = try tenant.catalogue.publish(by: "LS-0009", at: at) }.first?.contains("[edition-unchanged]") == true)
    }

    @Test("a second edition lists the decisions it contains; editions compare item by item; the public sees the current edition")
    func secondEdition() throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        _ = try tenant.catalogue.publish(by: "LS-0009", at: at)
        let applied = try tenant.catalogue.apply(.init(action: .amend, code: "LS-02", timeLimit: TimeLimit(3, .workdays), reason: "提速"), as: "LS-0007", at: at)
        _ = try tenant.catalogue.decide(application: applied.application.id, .approve(note: nil), as: "LS-0008", at: at)
        // Approved but not yet published: the public still sees edition 1.
        #expect(try tenant.catalogue.publication().number == 1)
        #expect(try tenant.catalogue.publication().editions[0].items.first { $0.code == "LS-02" }?.timeLimit == "5个工作日")

        let second = try tenant.catalogue.publish(by: "LS-0009", note: "年中调整", at: at.addingTimeInterval(3600))
        #expect(second.number == 2 && second.decisions == [applied.application.id])
        #expect(try tenant.catalogue.publication().number == 2)
        #expect(try tenant.catalogue.editions().map(\.number) == [2, 1])
        #expect(try tenant.catalogue.compareEditions(1, 2).map { "\($0.change.rawValue) \($0.code) \($0.fields.map(\.description))" } == [
            "amended LS-02 [\"time_limit: 5 workdays → 3 workdays\"]",
        ])
        #expect(refusal { _ = try tenant.catalogue.edition(3) }.first?.contains("[unknown-edition]") == true)
    }

    @Test("an edition cannot be changed or removed, and an altered one is caught by the archive check")
    func immutable() async throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        _ = try tenant.catalogue.publish(by: "LS-0009", at: at)
        #expect(throws: DatabaseError.self) { try tenant.database.pool.write { try $0.execute(sql: "UPDATE catalogue_edition SET published_by = 'x'") } }
        #expect(throws: DatabaseError.self) { try tenant.database.pool.write { try $0.execute(sql: "DELETE FROM catalogue_edition") } }
        #expect(try tenant.cases.verifyArchive().problems.isEmpty)
        try await tenant.database.pool.write { db in
            try db.execute(sql: "DROP TRIGGER catalogue_edition_unchanged")
            try db.execute(sql: "UPDATE catalogue_edition SET body = replace(body, '10个工作日', '1个工作日')")
        }
        #expect(try tenant.cases.verifyArchive().problems.map(\.description) == ["catalogue edition 1: altered: its text no longer matches its hash"])
    }
}
