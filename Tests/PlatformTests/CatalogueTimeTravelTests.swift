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
    }
}
