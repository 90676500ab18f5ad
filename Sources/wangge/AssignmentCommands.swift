import ArgumentParser
import Foundation
import Kernel
import Platform

/// `wangge -t X assignment …`: tasks units give grid workers, and workers' refusals of
/// tasks outside the catalogue.
struct AssignmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assignment",
        abstract: "Tasks given to grid workers (交办); a worker may refuse those outside the catalogue.",
        subcommands: [Give.self, Accept.self, Refuse.self, Insist.self, List.self, Show.self]
    )

    struct Give: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a worker a task, as a unit's staff.")
        @OptionGroup var scope: TenantScope
        @Option(help: "The worker's staff id.") var worker: String
        @Option(help: "What the worker is asked to do.") var matter: String
        @Option(help: "The catalogue item the task falls under, if any.") var item: String?
        @Option(help: "The category meant, when no item covers the task.") var category: String?
        @Option(help: "For a task outside the catalogue: the other law that requires it, where the ordinance admits that exception.")
        var legalBasis: String?
        @Option(help: "The staff id of who gives the task.") var `as`: String

        func run() throws {
            let view = try scope.with { try $0.assignments.assign(worker: worker, matter: matter, item: item, category: category, legalBasis: legalBasis, as: `as`) }
            try emit(view, format: scope.format) { [describe($0.assignment)] }
        }
    }

    struct Options: ParsableArguments {
        @OptionGroup var scope: TenantScope
        @Argument(help: "The assignment id, e.g. JB-2026-0001.") var id: String
        @Option(help: "The staff id of who acts.") var `as`: String

        func run(_ command: AssignmentCommand) throws {
            let view = try scope.with { try $0.assignments.decide(assignment: id, command, as: `as`) }
            try emit(view, format: scope.format) { [describe($0.assignment)] }
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The worker takes the task on.")
        @OptionGroup var options: Options
        @Option(help: "A note.") var note: String?
        func run() throws { try options.run(.accept(note: note)) }
    }

    struct Refuse: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The worker refuses a task outside the catalogue, with the reason.")
        @OptionGroup var options: Options
        @Option(help: "Why.") var reason: String
        func run() throws { try options.run(.refuse(reason: reason)) }
    }

    struct Insist: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A unit presses a refused task (the law does not allow it; the refusal stands).")
        @OptionGroup var options: Options
        @Option(help: "What the unit says.") var note: String
        func run() throws { try options.run(.insist(note: note)) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Assignments, newest first; --status refused is the report of refusals.")
        @OptionGroup var scope: TenantScope
        @Option(help: "assigned, accepted or refused.") var status: String?
        @Option(help: "One worker's staff id.") var worker: String?

        func run() throws {
            var filter: Assignment.Status?
            if let status {
                guard let parsed = Assignment.Status(rawValue: status) else { throw ValidationError("--status is assigned, accepted or refused") }
                filter = parsed
            }
            let list = try scope.with { try $0.assignments.list(status: filter, worker: worker) }
            try emit(list, format: scope.format) { $0.isEmpty ? ["no assignments"] : $0.map(describe) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One assignment with its archive.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The assignment id.") var id: String

        func run() throws {
            let view = try scope.with { try $0.assignments.assignment(id) }
            try emit(view, format: scope.format) { v in
                [describe(v.assignment)] + (v.history ?? []).map { e in
                    "  \(clock(e.at)) \(e.kind) by \(e.actor)" + (e.note.map { ": \($0)" } ?? "") + (e.article.map { " — \($0)" } ?? "")
                }
            }
        }
    }
}

private func describe(_ a: Assignment) -> String {
    var line = "\(a.id) [\(a.status.rawValue)] \(a.matter) → \(a.worker), from \(a.assignedBy) (\(a.unit))"
    line += a.isOutsideCatalogue ? " · outside the catalogue" : " · \(a.item ?? "") r\(a.itemRevision ?? 0)"
    if let refusal = a.refusal { line += " · refused: \(refusal)" + (a.refusalArticle.map { " — \($0)" } ?? "") }
    return line
}
