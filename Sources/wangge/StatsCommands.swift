import ArgumentParser
import Foundation
import Ordinance
import Platform

/// `wangge -t X stats …`: performance evaluation (考核评价), the profile's indicators.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Evaluation figures (考核评价): the profile's indicators by grid, worker, office, department or the city.",
        subcommands: [Show.self, Cases.self, Rebuild.self],
        defaultSubcommand: Show.self
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    /// `-t`, `--data` and a window: `--from/--to`, or `--period` containing `--on`.
    struct Window: ParsableArguments {
        @Option(name: [.short, .long], help: "The tenant (city) key.") var tenant: String
        @OptionGroup var deployment: DeploymentOptions
        @Option(help: "grid, worker, office, department or city.") var by: Evaluation.Scope = .city
        @Option(help: "First day of the window (YYYY-MM-DD).") var from: Day?
        @Option(help: "Last day of the window, included.") var to: Day?
        @Option(help: "month, quarter or year (the one containing --on, by default today).") var period: Evaluation.PeriodKind = .month
        @Option(help: "A day in the period (default: today).") var on: Day?
        @Option(help: "Figures as this staff member may see them (default: all, as the tenant admin).") var `as`: String?

        func run<T>(_ body: (Tenant, Day, Day, Access?) throws -> T) throws -> T {
            let tenant = try deployment.deployment().open(self.tenant)
            defer { try? tenant.close() }
            let (first, last): (Day, Day)
            if from != nil || to != nil {
                guard let from, let to else { throw ValidationError("give both --from and --to, or a --period") }
                (first, last) = (from, to)
            } else {
                (first, last) = try tenant.evaluation.window(period, containing: on ?? Day.today())
            }
            let access = try `as`.map { try tenant.access.scope(for: try tenant.access.caller(staff: $0)) }
            return try body(tenant, first, last, access)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The figures of one window, as a table, JSON or CSV.")
        @OptionGroup var window: Window
        @Option(help: "table, json or csv.") var format: Format = .table

        func run() throws {
            let table = try window.run { tenant, from, to, access in try tenant.evaluation.figures(by: window.by, from: from, to: to, access: access) }
            switch format {
            case .json: try printJSON(table)
            case .csv: print(try table.csv(), terminator: "")
            case .table:
                print("\(table.tenant) · by \(table.scope) · \(table.firstDay) – \(table.lastDay)\(table.article.map { " · \($0)" } ?? "")")
                table.textLines().forEach { print($0) }
                for column in table.columns { print("  \(column.name): \(column.source ?? "—")\(column.weight.map { " · weight \(Int($0))" } ?? "")") }
            }
        }
    }

    struct Cases: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The cases behind one figure.")
        @OptionGroup var window: Window
        @Option(help: "The indicator's key.") var indicator: String
        @Option(help: "The row: a grid code, staff id, unit id, department code, or the tenant key.") var row: String

        func run() throws {
            let ids = try window.run { tenant, from, to, access in
                try tenant.evaluation.cases(indicator: indicator, by: window.by, row: row, from: from, to: to, access: access)
            }
            ids.forEach { print($0) }
        }
    }

    struct Rebuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Derive every case's facts again from its archived events, and sum them again by day and month.")
        @OptionGroup var scope: TenantScope

        func run() throws {
            let count = try scope.with { tenant in
                let count = try tenant.evaluation.rebuildFacts()
                try tenant.evaluation.rollUp()
                return count
            }
            print("derived the facts of \(count) cases and rolled them up to the start of today")
        }
    }
}

extension Evaluation.Scope: ExpressibleByArgument {}
extension Evaluation.PeriodKind: ExpressibleByArgument {}
