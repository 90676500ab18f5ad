import ArgumentParser
import Foundation
import Kernel
import Ordinance
import Platform

/// `wangge -t X case …`: cases from report to close.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Report cases and move them through the city's workflow.",
        subcommands: [Report.self, Act.ResolveOnSite.self, Act.Accept.self, Act.Reject.self, Act.Dispatch.self, Act.Escalate.self,
                      Act.Handle.self, Act.Feedback.self, Act.Verify.self, Act.Close.self, Act.Return.self, Act.Reopen.self, Act.Triage.self, Act.Refer.self, Act.RecordMeeting.self, Act.Skip.self, Act.Rate.self, Act.Review.self,
                      Show.self, List.self, History.self, Sweep.self, VerifyArchive.self, AccessLog.self]
    )

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Report a matter in a grid (上报).")
        @OptionGroup var scope: TenantScope
        @Option(help: "Who reports: a staff id, or 'platform' for reports made online.") var `as`: String
        @Option(help: "The catalogue item, e.g. LS-06; leave it out for a matter not in the catalogue, where the profile sends such matters to triage (describe it in --note).") var item: String = ""
        @Option(help: "The grid: code or unit id.") var grid: String
        @Option(help: "How it came in: worker, citizen, unit or platform.") var channel: String = "worker"
        @Option(help: "The category meant, when the item is not in the catalogue.") var category: String?
        @Option(help: "Reporter's name (personal data).") var reporterName: String?
        @Option(help: "Reporter's phone (personal data).") var reporterPhone: String?
        @Option(help: "Reporter's ID number (personal data).") var reporterId: String?
        @Flag(help: "An emergency: routed as the profile says for emergencies.") var emergency = false
        @Option(help: "What was found.") var note: String?

        func run() throws {
            guard let channel = Step.Channel(rawValue: channel) else {
                throw ValidationError("--channel is one of: \(Step.Channel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let reporter = Reporter(channel: channel, name: reporterName, phone: reporterPhone, idNumber: reporterId)
            let (item, grid, staff, category, emergency, note) = (item, grid, `as`, category, emergency, note)
            let view = try scope.with { tenant in
                try blocking {
                    try await tenant.cases.report(item: item, grid: grid, as: staff, reporter: reporter, category: category,
                                                  emergency: emergency, note: note)
                }
            }
            try emit(view, format: scope.format, text: describe)
        }
    }

    /// The commands that act on an existing case.
    enum Act {
        struct Options: ParsableArguments {
            @OptionGroup var scope: TenantScope
            @Argument(help: "The case id, e.g. lhasa-2025-000001.") var id: String
            @Option(help: "The staff id of who acts.") var `as`: String

            func run(_ command: Command) throws {
                let (id, staff) = (id, `as`)
                let view = try scope.with { tenant in try blocking { try await tenant.cases.act(id, command, as: staff) } }
                try emit(view, format: scope.format, text: describe)
            }
        }

        struct ResolveOnSite: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "resolve-on-site", abstract: "Resolve the matter on the spot (当场解决).")
            @OptionGroup var options: Options
            @Option(help: "How.") var note: String?
            func run() throws { try options.run(.resolveOnSite(note: note)) }
        }

        struct Accept: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Accept the case (受理).")
            @OptionGroup var options: Options
            @Option(help: "A note.") var note: String?
            func run() throws { try options.run(.accept(note: note)) }
        }

        struct Reject: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Reject the case, with the reason (不予受理).")
            @OptionGroup var options: Options
            @Option(help: "Why.") var reason: String
            func run() throws { try options.run(.reject(reason: reason)) }
        }

        struct Dispatch: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Dispatch to a lead unit and any participating units (分流交办).")
            @OptionGroup var options: Options
            @Option(help: "The lead department (牵头单位).") var lead: String
            @Option(help: "A participating department (参与单位), repeatable.") var participant: [String] = []
            @Option(help: "A note.") var note: String?
            func run() throws { try options.run(.dispatch(lead: lead, participants: participant, note: note)) }
        }

        struct Escalate: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Escalate to the grid office one level up (逐级上报).")
            @OptionGroup var options: Options
            @Option(help: "Why.") var note: String?
            func run() throws { try options.run(.escalate(note: note)) }
        }

        struct Handle: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Record a unit's result of handling (办理).")
            @OptionGroup var options: Options
            @Option(help: "The department reporting its result.") var unit: String
            @Option(help: "The result.") var result: String
            func run() throws { try options.run(.handle(unit: unit, result: result)) }
        }

        struct Feedback: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Feed the result back (反馈).")
            @OptionGroup var options: Options
            @Option(help: "What was fed back, to whom.") var note: String
            func run() throws { try options.run(.feedBack(note: note)) }
        }

        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Record the on-site check (核查): --passed or --failed.")
            @OptionGroup var options: Options
            @Flag(name: .customLong("passed"), help: "The check passed.") var passed = false
            @Flag(name: .customLong("failed"), help: "The check failed: back to handling.") var failed = false
            @Option(help: "What was found.") var note: String?
            func validate() throws { if passed == failed { throw ValidationError("give --passed or --failed") } }
            func run() throws { try options.run(.verify(passed: passed, note: note)) }
        }

        struct Close: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Close the case (办结).")
            @OptionGroup var options: Options
            @Option(help: "A note.") var note: String?
            func run() throws { try options.run(.close(note: note)) }
        }

        struct Return: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Send the case back, with the reason (退回).")
            @OptionGroup var options: Options
            @Option(help: "Why.") var reason: String
            func run() throws { try options.run(.returnCase(reason: reason)) }
        }

        struct Triage: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Triage a matter not in the catalogue: file it under an item (--item), or answer it as outside the grid's work (--outside).")
            @OptionGroup var options: Options
            @Option(help: "The catalogue item to file the matter under.") var item: String?
            @Option(help: "The answer to the reporter: why the matter is outside the grid's work.") var outside: String?
            @Option(help: "A note, when filing under an item.") var note: String?
            func validate() throws {
                if (item == nil) == (outside == nil) { throw ValidationError("give --item (file it under a catalogue item) or --outside (answer it), not both") }
            }
            func run() throws { try options.run(.triage(item: item, entry: nil, note: outside ?? note)) }
        }

        struct Refer: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Refer the case to the coordination meeting the profile defines (联席会议).")
            @OptionGroup var options: Options
            @Option(help: "Why it needs the meeting.") var note: String?
            func run() throws { try options.run(.refer(note: note)) }
        }

        struct RecordMeeting: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "record-meeting", abstract: "Record the meeting's decision: the lead unit and participating units the dispatch must follow.")
            @OptionGroup var options: Options
            @Option(help: "The lead department decided (牵头单位).") var lead: String
            @Option(help: "A participating department decided (参与单位), repeatable.") var participant: [String] = []
            @Option(help: "What the meeting decided.") var decision: String
            func run() throws { try options.run(.recordMeeting(lead: lead, participants: participant, decision: decision)) }
        }

        struct Skip: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Skip an optional pending step, with the reason (e.g. no on-site check is needed).")
            @OptionGroup var options: Options
            @Option(help: "The optional step's key, e.g. verify.") var step: String
            @Option(help: "Why it is not needed.") var reason: String
            func run() throws { try options.run(.skip(step: step, reason: reason)) }
        }

        struct Rate: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Record the reporter's rating of the result (评价).")
            @OptionGroup var options: Options
            @Option(help: "One of the step's ratings, e.g. 满意.") var rating: String
            @Option(help: "What the reporter said.") var note: String?
            func run() throws { try options.run(.rate(rating: rating, note: note)) }
        }

        struct Review: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The reporter asks for a review of the result (复核), within the profile's limit.")
            @OptionGroup var options: Options
            @Option(help: "Why.") var reason: String
            func run() throws { try options.run(.requestReview(reason: reason)) }
        }

        struct Reopen: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Reopen a closed or rejected case, with the reason.")
            @OptionGroup var options: Options
            @Option(help: "Why.") var reason: String
            func run() throws { try options.run(.reopen(reason: reason)) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A case with its timeline, deadlines and the articles that applied, as the staff member --as may see it (personal data shown is logged).")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The case id.") var id: String
        @Option(help: "The staff id of who looks: the case must be in their scope; reporters are masked by their tier.") var `as`: String

        func run() async throws {
            let view = try await scope.lookAt(id, as: `as`)
            try emit(view, format: scope.format) { describe($0) + timeline($0) }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The case's archive (电子档案), event by event, as --as may see it.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The case id.") var id: String
        @Option(help: "The staff id of who looks.") var `as`: String

        func run() async throws {
            let view = try await scope.lookAt(id, as: `as`)
            try emit(view.history ?? [], format: scope.format) { _ in timeline(view) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cases by due time; filters by state, grid, department, item, overdue.")
        @OptionGroup var scope: TenantScope
        @Option(help: "open, closed, rejected or answered.") var state: String?
        @Option(help: "A grid, or a township/community: every grid under it.") var grid: String?
        @Option(help: "Cases dispatched to this department.") var department: String?
        @Option(help: "Cases reported under this catalogue item, e.g. LS-06.") var item: String?
        @Flag(help: "Only overdue cases.") var overdue = false
        @Option(help: "Page size.") var limit = 50
        @Option(help: "Skip this many.") var offset = 0

        func run() throws {
            var status: CaseState.Status?
            if let state {
                guard let parsed = CaseState.Status(rawValue: state) else { throw ValidationError("--state is open, closed, rejected or answered") }
                status = parsed
            }
            let cases = try scope.with {
                try $0.cases.list(status: status, grid: grid, department: department, item: item, overdue: overdue, limit: limit, offset: offset)
            }
            try emit(cases, format: scope.format) { $0.isEmpty ? ["no cases"] : $0.map { describe($0)[0] } }
        }
    }

    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark overdue cases and record supervision (督办); running it again changes nothing.")
        @OptionGroup var scope: TenantScope

        func run() throws {
            let swept = try scope.with { try $0.cases.sweep() }
            try emit(swept, format: scope.format) { $0.isEmpty ? ["no newly overdue cases"] : $0.map { "督办 " + describe($0)[0] } }
        }
    }

    struct AccessLog: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "access-log",
                                                        abstract: "Who saw which reporter's personal data over HTTP, newest first.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "A case id, for that case only.") var id: String?
        @Option(help: "How many entries.") var limit = 100

        func run() throws {
            let entries = try scope.with { try $0.access.accessLog(subject: id, limit: limit) }
            try emit(entries, format: scope.format) { list in
                list.isEmpty ? ["no access to personal data logged"] : list.map {
                    "\(clock($0.at)) \($0.staffId)\($0.tokenId.map { " (\($0))" } ?? "") \($0.action) \($0.subject): \($0.fields.joined(separator: ", "))"
                }
            }
        }
    }

    struct VerifyArchive: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify-archive", abstract: "Check every case's hash-chained archive for altered or deleted events.")
        @OptionGroup var scope: TenantScope

        func run() throws {
            let report = try scope.with { try $0.cases.verifyArchive() }
            struct Output: Encodable { let cases: Int; let events: Int; let problems: [String] }
            try emit(Output(cases: report.cases, events: report.events, problems: report.problems.map(\.description)), format: scope.format) { o in
                o.problems.isEmpty ? ["archive intact: \(o.cases) cases, \(o.events) events"] : o.problems
            }
            if !report.problems.isEmpty { throw ExitCode.failure }
        }
    }
}

private func describe(_ view: CaseView) -> [String] {
    let s = view.state
    var line = "\(s.id) [\(s.status.rawValue)] \(view.itemName) @ \(view.gridName) (\(view.gridCode))"
    if s.status == .open {
        line += " → \(view.pending.map(\.name).joined(separator: "/"))"
        if s.dueAt != nil { line += " due \(clock(s.dueAt))" }
        if s.overdue { line += " 超期" }
    }
    var lines = [line]
    if let lead = s.lead { lines.append("  牵头 \(lead)" + (s.participants.isEmpty ? "" : "；参与 \(s.participants.joined(separator: ", "))")) }
    lines.append("  profile version \(s.profileVersion); office level \(s.officeLevel)")
    for step in view.pending { lines.append("  next: \(step.name) [\(step.kind)]\(step.article.map { " — \($0)" } ?? "")") }
    return lines
}

private func timeline(_ view: CaseView) -> [String] {
    ["  timeline:"] + (view.history ?? []).map { e in
        var line = "  \(clock(e.at)) \(e.kind)\(e.step.map { " (\($0))" } ?? "") by \(e.actor)"
        if let note = e.note { line += ": \(note)" }
        if let due = e.effects.dueAt ?? e.effects.opened?.dueAt { line += " · due \(clock(due))" }
        if let article = e.article { line += " — \(article)" }
        return line
    }
}
