import ArgumentParser
import Foundation
import Kernel
import Ordinance
import Platform

/// `wangge -t X complaint …`: complaints about grid workers (投诉、举报).
struct ComplaintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complaint",
        abstract: "Complaints about grid workers: file, handle, list, show.",
        subcommands: [File.self, Handle.self, List.self, Show.self]
    )

    struct File: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "File a complaint about a worker, as staff of a handling body (a call to the supervision telephone) or as 'platform' (made online).")
        @OptionGroup var scope: TenantScope
        @Option(help: "The staff id of the worker complained about.") var about: String
        @Option(help: "What the worker did.") var matter: String
        @Option(help: "Who takes it down: a staff id, or 'platform'.") var `as`: String
        @Option(help: "How it came in: citizen, unit or platform.") var channel: String = "citizen"
        @Option(help: "The complainant's name (personal data).") var name: String?
        @Option(help: "The complainant's phone (personal data).") var phone: String?

        func run() throws {
            guard let channel = Step.Channel(rawValue: channel) else {
                throw ValidationError("--channel is one of: \(Step.Channel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let complainant = Reporter(channel: channel, name: name, phone: phone)
            let (about, matter, staff) = (about, matter, `as`)
            let view = try scope.with { try $0.complaints.file(about: about, matter: matter, complainant: complainant, as: staff) }
            try emit(view, format: scope.format, text: describeComplaint)
        }
    }

    struct Handle: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the handling body's finding: --upheld or --dismissed, with the result.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The complaint id, e.g. TS-2025-000001.") var id: String
        @Option(help: "The staff id of who handles it.") var `as`: String
        @Flag(name: .customLong("upheld"), help: "The complaint was founded.") var upheld = false
        @Flag(name: .customLong("dismissed"), help: "The complaint was unfounded.") var dismissed = false
        @Option(help: "What was found and done.") var result: String

        func validate() throws { if upheld == dismissed { throw ValidationError("give --upheld or --dismissed") } }

        func run() throws {
            let (id, staff, upheld, result) = (id, `as`, upheld, result)
            let view = try scope.with { try $0.complaints.handle(id, upheld: upheld, result: result, as: staff) }
            try emit(view, format: scope.format, text: describeComplaint)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Complaints, newest first.")
        @OptionGroup var scope: TenantScope
        @Option(help: "open, upheld or dismissed.") var status: String?
        @Option(help: "Only those about this worker.") var worker: String?
        @Flag(help: "Only those open past their time limit.") var overdue = false

        func run() throws {
            let wanted = try status.map { text in
                guard let status = Complaint.Status(rawValue: text) else {
                    throw ValidationError("--status is one of: \(Complaint.Status.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return status
            }
            let views = try scope.with { try $0.complaints.list(status: wanted, worker: worker, overdue: overdue) }
            try emit(views, format: scope.format) { $0.map { describeComplaint($0)[0] } }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One complaint with its archive.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The complaint id.") var id: String

        func run() throws {
            let view = try scope.with { try $0.complaints.complaint(id) }
            try emit(view, format: scope.format, text: describeComplaint)
        }
    }
}

/// A complaint in lines: status, worker, matter, due time, and its archive.
func describeComplaint(_ view: ComplaintView) -> [String] {
    let c = view.complaint
    var lines = ["\(c.id) \(c.status.rawValue)\(view.overdue ? " (overdue)" : "") — about \(c.workerName) (\(c.worker)): \(c.matter)"]
    if let due = c.dueAt { lines.append("  due \(due)") }
    if let result = c.result { lines.append("  result: \(result)") }
    for event in view.history ?? [] {
        lines.append("  \(event.at) \(event.kind) by \(event.actor)" + (event.article.map { " — \($0)" } ?? "") + (event.note.map { ": \($0)" } ?? ""))
    }
    return lines
}
