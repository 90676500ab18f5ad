import ArgumentParser
import Foundation
import Kernel
import Platform

/// `wangge -t X grid divide …` and `grid division …`: grid divisions (网格划分) as the
/// profile's procedure runs them — divided, approved, filed.
struct DivideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "divide",
        abstract: "Propose a division of grids under a unit, as the dividing body (网格划分).",
        discussion: "CSV columns: code,name,kind,households[,area]. Every grid is checked now; the grids are created when the division takes effect — on approval where the profile names an approving body, else at once. Filing (备案) follows where the profile asks.")
    @OptionGroup var scope: TenantScope
    @Option(help: "The unit the grids are divided under (id or division code), one level above the grids.") var parent: String
    @Argument(help: "The CSV of grids proposed.") var file: String
    @Option(help: "The staff id of who divides, acting for the dividing body.") var `as`: String
    @Option(help: "A note, e.g. the division plan's title.") var note: String?

    func run() throws {
        let text = try readText(file)
        let (parent, file, staff, note) = (parent, file, `as`, note)
        let view = try scope.with { try $0.org.divide(under: parent, csv: text, file: file, note: note, as: staff) }
        warn(view.warnings)
        try emit(view, format: scope.format, text: describeDivision)
    }
}

struct DivisionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "division",
        abstract: "Grid divisions: list, show, approve or refuse, take on file.",
        subcommands: [List.self, Show.self, Approve.self, Refuse.self, File.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Grid divisions, newest first.")
        @OptionGroup var scope: TenantScope
        @Option(help: "proposed, in_effect, filed or refused.") var status: String?

        func run() throws {
            let wanted = try status.map { text in
                guard let status = GridDivision.Status(rawValue: text) else {
                    throw ValidationError("--status is one of: \(GridDivision.Status.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return status
            }
            let divisions = try scope.with { try $0.org.divisions(status: wanted) }
            try emit(divisions, format: scope.format) { list in
                list.map { "\($0.id) \($0.status.rawValue) under \($0.parentName): \($0.grids.map(\.code).joined(separator: ", "))" }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One division with its archive: who divided, approved and filed it, when, under which article.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The division id, e.g. HF-2026-000001.") var id: String

        func run() throws {
            let view = try scope.with { try $0.org.division(id) }
            try emit(view, format: scope.format, text: describeDivision)
        }
    }

    struct Options: ParsableArguments {
        @OptionGroup var scope: TenantScope
        @Argument(help: "The division id.") var id: String
        @Option(help: "The staff id of who acts for the body.") var `as`: String

        func run(_ command: DivisionCommand) throws {
            let (id, staff) = (id, `as`)
            let view = try scope.with { try $0.org.decide(division: id, command, as: staff) }
            warn(view.warnings)
            try emit(view, format: scope.format, text: describeDivision)
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a division (审核/批准): its grids are created.")
        @OptionGroup var options: Options
        @Option(help: "A note.") var note: String?
        func run() throws { try options.run(.approve(note: note)) }
    }

    struct Refuse: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refuse a division, with the reason: no grid is created.")
        @OptionGroup var options: Options
        @Option(help: "Why.") var reason: String
        func run() throws { try options.run(.refuse(reason: reason)) }
    }

    struct File: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "file", abstract: "Take a division on file (备案).")
        @OptionGroup var options: Options
        @Option(help: "A note.") var note: String?
        func run() throws { try options.run(.file(note: note)) }
    }
}

/// A division in lines: status, grids, and each step of its archive.
func describeDivision(_ view: DivisionView) -> [String] {
    let d = view.division
    var lines = ["\(d.id) \(d.status.rawValue) — grids under \(d.parentName)"
                 + (d.pending.isEmpty ? "" : "; next: \(d.pending.joined(separator: ", "))")]
    lines += d.grids.map { "  \($0.code) \($0.name) \($0.kind) \($0.households) 户 (\($0.area))" }
    if !view.created.isEmpty { lines.append("  created grids: \(view.created.joined(separator: ", "))") }
    for event in view.history ?? [] {
        lines.append("  \(event.at) \(event.kind) by \(event.actor)" + (event.article.map { " — \($0)" } ?? "") + (event.note.map { ": \($0)" } ?? ""))
    }
    return lines
}
