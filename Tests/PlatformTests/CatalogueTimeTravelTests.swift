import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// The catalogue as it stood on an earlier day: what workers were told was in it then.
@Suite("Catalogue on a date")
struct CatalogueTimeTravelTests {
    @Test("an import approved on 2027-01-05 changes the catalogue from that day on; the day before shows it as it was")
    func onADay() throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let before = try lhasa.catalogue.items()
        var lines = try lhasa.catalogue.export(as: .csv).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: "10 workdays", with: "5 workdays")
        lines.removeAll { $0.hasPrefix("LS-08,") }
        let prepared = try lhasa.catalogue.importItems(lines.joined(separator: "\n"), file: "c.csv", as: .csv, by: "LS-0009", reason: "年度调整",
                                                       at: time("2027-01-04 16:00"))
        _ = try lhasa.catalogue.decideImport(try #require(prepared.application).id, .approve(note: nil), as: "LS-0008", at: time("2027-01-05 10:00"))
        #expect(try lhasa.catalogue.items(on: Day("2027-01-04")!) == before)
        let after = try lhasa.catalogue.items(on: Day("2027-01-05")!)
        #expect(after.map(\.code) == before.map(\.code).filter { $0 != "LS-08" })
        #expect(after.first?.timeLimit.description == "5 workdays" && after.first?.revision == 2)
        #expect(try lhasa.catalogue.items(on: Day("2020-01-01")!).isEmpty)  // before the city was onboarded

        // catalogue diff 2027-01-04 2027-01-05: what the approval changed, field by field.
        let diff = try lhasa.catalogue.diff(from: Day("2027-01-04")!, to: Day("2027-01-05")!)
        #expect(diff.map { "\($0.change.rawValue) \($0.code)" } == ["amended LS-01", "withdrawn LS-08"])
        #expect(diff[0].fields.map(\.description) == ["time_limit: 10 workdays → 5 workdays"])
        #expect(diff[1].fields.first?.description == "name.zh: 占道经营和市容环境问题 → " && diff[1].fields.last?.description == "in_catalogue: yes → no")
        #expect(try lhasa.catalogue.diff(from: Day("2027-01-05")!, to: Day("2027-01-06")!).isEmpty)
        // Each revision says what it changed from the one before.
        #expect(try lhasa.catalogue.item("LS-01").history.map { $0.changes.map(\.field) } == [
            ["name.zh", "name.bo", "category", "department", "time_limit", "article", "in_catalogue"], ["time_limit"],
        ])
    }
}
