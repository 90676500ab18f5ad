import ArgumentParser
import Foundation
import Ordinance
import Platform

/// `wangge -t <tenant> ordinance impact <version>`: what an amendment would do to the running
/// city — open cases that stay on the old version, catalogue changes, appointments and grids
/// the amended rules would flag.
struct OrdinanceImpact: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impact",
        abstract: "Say what a profile version (a draft or an adopted amendment) would do to the running tenant.")

    @OptionGroup var scope: TenantScope
    @Argument(help: "The version's effective date (YYYY-MM-DD).") var version: Day

    func run() throws {
        let impact = try scope.with { try $0.amendments.impact(of: version) }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: impact.timeZone)
        func problems(_ list: [Problem]) -> String {
            list.map { "\($0.message) [\($0.rule)]" + ($0.article.map { " — \($0)" } ?? "") }.joined(separator: "; ")
        }
        try emit(impact, format: scope.format) { i in
            var lines = ["\(i.tenant): version \(i.version) (\(i.status)) after \(i.inForce), in force today"]
            lines.append("open cases staying on their versions: \(i.openCases.total)"
                         + (i.openCases.lastDue.map { "; the last of those listed is due \(formatter.string(from: $0))" } ?? ""))
            lines += i.openCases.cases.map { "  \($0.id)  version \($0.version), at \($0.position)" + ($0.dueAt.map { ", due \(formatter.string(from: $0))" } ?? "") }
            lines.append("catalogue: \(i.catalogue.isEmpty ? "no change" : "\(i.catalogue.count) item(s)")")
            lines += i.catalogue.map { change in
                let how = change.enacted ? "enacted by the amendment on its effective date" : "no article enacts it: an application under the catalogue procedure"
                return "  \(change.action) \(change.code) \(change.name) — \(how)" + (change.article.map { " (\($0))" } ?? "")
                    + change.fields.map { "\n      \($0)" }.joined()
            }
            lines.append("appointments the amended rules would bar: \(i.appointments.isEmpty ? "none" : String(i.appointments.count))")
            lines += i.appointments.map { b in "  \(b.staff) \(b.name), \(b.role) at \(b.place): " + problems(b.problems) }
            lines.append("grids the amended size rules would flag: \(i.grids.isEmpty ? "none" : String(i.grids.count))")
            lines += i.grids.map { g in "  \(g.grid) \(g.name) (\(g.households)): " + problems(g.problems) }
            return lines
        }
    }
}
