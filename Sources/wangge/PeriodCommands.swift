import ArgumentParser
import Foundation
import Kernel
import Platform

/// `wangge -t X period …`: periods the profile provides (emergency response, flood season),
/// declared and ended by the body it names.
struct PeriodCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "period",
        abstract: "Declare and end periods whose time limits override the profile's while they last.",
        subcommands: [Declare.self, End.self, List.self]
    )

    struct Declare: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Declare a period the profile provides, e.g. flood_season.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The period's key in the profile.") var period: String
        @Option(help: "The staff id of who declares it, acting for the body the profile names.") var `as`: String
        @Option(help: "A note, e.g. the notice's title.") var note: String?

        func run() throws {
            let (period, staff, note) = (period, `as`, note)
            let declared = try scope.with { try $0.periods.declare(period, note: note, as: staff) }
            try emit(declared, format: scope.format) { ["\($0.id) \($0.period) declared at \($0.declaredAt)"] }
        }
    }

    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a declared period.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The declaration's id, e.g. QJ-2025-0001.") var id: String
        @Option(help: "The staff id of who ends it.") var `as`: String
        @Option(help: "A note.") var note: String?

        func run() throws {
            let (id, staff, note) = (id, `as`, note)
            let ended = try scope.with { try $0.periods.end(id, note: note, as: staff) }
            try emit(ended, format: scope.format) { ["\($0.id) \($0.period) ended"] }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Declarations, newest first.")
        @OptionGroup var scope: TenantScope

        func run() throws {
            let list = try scope.with { try $0.periods.list() }
            try emit(list, format: scope.format) { $0.map { "\($0.id) \($0.period) \($0.status.rawValue) since \($0.declaredAt)" + ($0.endedAt.map { " until \($0)" } ?? "") } }
        }
    }
}
