import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// Figures of one scope over one window: a column per indicator the profile declares for
/// that scope, a row per unit (grid, worker, office, department, or the city).
public struct EvaluationTable: Sendable, Encodable {
    public struct Column: Sendable, Encodable {
        public var key: String
        public var kind: String
        public var name: String
        /// `count`, `percent` or `hours`.
        public var unit: String
        /// The article that asks for it, or `local: <source>`.
        public var source: String?
        public var weight: Double?
    }

    public struct Row: Sendable, Encodable {
        /// The grid code, staff id, org unit id, department code, or the tenant key.
        public var key: String
        public var name: String
        /// For offices: the unit's level.
        public var level: String?
        /// Values by indicator key; nil where there is nothing to divide (no closures, no ratings).
        public var values: [String: Double?]
    }

    public var tenant: String
    public var scope: String
    /// The window: its first and last day (in the tenant's time zone), and as instants [from, to).
    public var firstDay: String
    public var lastDay: String
    public var from: Date
    public var to: Date
    /// The article that makes evaluation a duty.
    public var article: String?
    public var columns: [Column]
    public var rows: [Row]
}

/// Performance evaluation (考核评价): the profile's indicators computed from the facts
/// archived with each case's events, for grids, workers, offices at each level,
/// departments or the whole city, over any window, within what the caller may see.
public struct EvaluationService: Sendable {
    let tenant: Tenant

    /// The profile's evaluation, or a refusal saying the profile declares none.
    func evaluation(_ profile: Profile) throws -> Evaluation {
        guard let evaluation = profile.evaluation, !evaluation.indicators.isEmpty else {
            throw PlatformError(.notFound, "no-evaluation", "this city's profile declares no evaluation indicators (evaluation:)")
        }
        return evaluation
    }

    /// The window of a period containing `day` (month, quarter or year), as instants in the
    /// tenant's time zone: [first day's midnight, the next period's first midnight).
    public func window(_ period: Evaluation.PeriodKind, containing day: Day) throws -> (from: Day, to: Day) {
        switch period {
        case .month:
            return (day.firstOfMonth(adding: 0), day.firstOfMonth(adding: 1).adding(days: -1))
        case .quarter:
            let first = day.firstOfMonth(adding: -((day.month - 1) % 3))
            return (first, first.firstOfMonth(adding: 3).adding(days: -1))
        case .year:
            return (Day(year: day.year, month: 1, day: 1), Day(year: day.year, month: 12, day: 31))
        case .custom:
            throw PlatformError("invalid-period", "a custom period is given by its first and last day (--from, --to)", place: "--period")
        }
    }

    /// The figures for `scope` from the start of day `from` to the end of day `to` (both
    /// in the tenant's time zone), as `access` may see them.
    public func figures(by scope: Evaluation.Scope, from: Day, to: Day, access: Access?) throws -> EvaluationTable {
        guard from <= to else { throw PlatformError("invalid-period", "the window's first day \(from) is after its last \(to)", place: "--from") }
        let profile = try tenant.profile()
        let evaluation = try evaluation(profile)
        let indicators = evaluation.indicators.filter { $0.scopes.contains(scope) }
        guard !indicators.isEmpty else {
            throw PlatformError("no-indicator", "the profile declares no indicator for \(scope.rawValue) (declared for: \(Set(evaluation.indicators.flatMap(\.scopes)).map(\.rawValue).sorted().joined(separator: ", ")))",
                                place: "--by")
        }
        let calendar = try tenant.currentKernel(at: Date()).calendar
        let start = calendar.instant(from, minutes: 0)
        let end = calendar.instant(to.adding(days: 1), minutes: 0)
        let visible = try self.visible(scope, access: access)
        let language = profile.publication.primaryLanguage
        let columns = indicators.map { indicator in
            EvaluationTable.Column(key: indicator.key, kind: indicator.kind.rawValue, name: indicator.name.text(in: language),
                                   unit: Self.unit(of: indicator.kind), source: indicator.source.map { source in
                                       if case .law(let article) = source { return profile.cite(article) ?? source.label }
                                       return source.label
                                   }, weight: indicator.weight)
        }
        let rollup = FactRollup(calendar: calendar)
        // A tenant that cannot be written (damaged, read-only) reads what the rollup has and the rest from the facts.
        try? rollUp()
        let rows = try tenant.database.pool.read { db in
            try Tally(scope: scope, start: start, end: end, visible: visible, profile: profile, tenantKey: tenant.key,
                      plan: try rollup.plan(from: start, to: end, in: db), db: db)
                .rows(indicators)
        }
        return EvaluationTable(tenant: tenant.key, scope: scope.rawValue, firstDay: from.description, lastDay: to.description, from: start, to: end, article: profile.cite(evaluation.article),
                               columns: columns, rows: rows)
    }

    /// What a caller may see: the grids under their posts (all grids without a caller, as
    /// on the command line), their departments, or only themselves as a worker.
    struct Visible {
        var grids: [Int64]?
        var departments: Set<String>?
        var worker: String?
    }

    private func visible(_ scope: Evaluation.Scope, access: Access?) throws -> Visible {
        guard let access else { return Visible() }
        if access.administers { return Visible(grids: Array(access.gridIds)) }
        if !access.departments.isEmpty {
            guard scope == .department else {
                throw PlatformError(.forbidden, "forbidden", "department staff see their department's figures (by department)", place: "by")
            }
            return Visible(grids: nil, departments: access.departments)
        }
        switch scope {
        case .worker: return Visible(grids: Array(access.gridIds), worker: access.caller.staffId)
        case .grid: return Visible(grids: Array(access.gridIds))
        default:
            throw PlatformError(.forbidden, "forbidden", "grid workers see their own figures and their grids' (by worker or by grid)", place: "by")
        }
    }

    static func unit(of kind: Evaluation.Kind) -> String {
        switch kind {
        case .onTimeRate, .satisfaction: "percent"
        case .handlingTimeAverage, .handlingTimeP90: "hours"
        default: "count"
        }
    }

    /// The cases behind one figure: the facts of an indicator for one row, at most 500.
    public func cases(indicator key: String, by scope: Evaluation.Scope, row: String, from: Day, to: Day, access: Access?) throws -> [String] {
        let profile = try tenant.profile()
        guard let indicator = try evaluation(profile).indicator(key) else {
            throw PlatformError(.notFound, "unknown-indicator", "no indicator '\(key)' in the profile's evaluation", place: "indicator")
        }
        let calendar = try tenant.currentKernel(at: Date()).calendar
        let start = calendar.instant(from, minutes: 0)
        let end = calendar.instant(to.adding(days: 1), minutes: 0)
        let visible = try self.visible(scope, access: access)
        return try tenant.database.pool.read { db in
            var grids = visible.grids
            var department: String?
            var worker: String?
            switch scope {
            case .grid:
                guard let grid = try OrgStore.grid(code: row, in: db) else { throw PlatformError(.notFound, "unknown-grid", "no grid \(row)", place: "row") }
                grids = grids.map { $0.contains(grid.unitId) ? [grid.unitId] : [] } ?? [grid.unitId]
            case .office:
                guard let id = Int64(row) else { throw PlatformError(.notFound, "unknown-unit", "no unit \(row)", place: "row") }
                let under = try OrgStore.gridIds(under: [id], in: db)
                grids = grids.map { Array(Set($0).intersection(under)) } ?? under
            case .department:
                if let allowed = visible.departments, !allowed.contains(row) { return [] }
                department = row
            case .worker:
                if let only = visible.worker, only != row { return [] }
                worker = row
            case .city: break
            }
            if indicator.kind == .overdueOpen {
                return try CaseStore.list({ var f = CaseStore.Filter(); f.overdueOnly = true; f.gridIds = grids; f.department = department; f.limit = 500; return f }(), in: db)
                    .filter { worker == nil || (try? CaseFactStore.worker(of: $0.id, in: db)) == worker }.map(\.id)
            }
            return try CaseFactStore.caseIds(kind: Tally.factKind(indicator.kind), from: start, to: end, grids: grids, department: department,
                                             worker: worker, limit: 500, in: db)
        }
    }
}

extension EvaluationService {
    /// How many steps ran over their time limit on each day of the window (taken late, or
    /// supervised as overdue by the sweep), in the grids the caller sees: the calendar of overdue.
    public func overdueDays(from: Day, to: Day, access: Access?) throws -> [(day: Day, count: Int)] {
        let calendar = try tenant.currentKernel(at: Date()).calendar
        // Offices and workers: their grids; department staff: their departments' cases.
        var grids: [Int64]?
        var departments: [String]?
        if let access {
            if !access.administers, !access.departments.isEmpty { departments = Array(access.departments) } else { grids = Array(access.gridIds) }
        }
        let times = try tenant.database.pool.read { db in
            try CaseFactStore.times(kinds: ["late", "supervised"], from: calendar.instant(from, minutes: 0),
                                    to: calendar.instant(to.adding(days: 1), minutes: 0), grids: grids, departments: departments, in: db)
        }
        var counts: [Day: Int] = [:]
        for time in times { counts[calendar.day(of: time), default: 0] += 1 }
        var days: [(Day, Int)] = []
        var day = from
        while day <= to, days.count < 400 {
            days.append((day, counts[day] ?? 0))
            day = day.adding(days: 1)
        }
        return days
    }

    /// Brings the rollup of the facts up to today's midnight in the tenant's time zone (and
    /// rolls up days facts were written for late); nothing to do when it is there already.
    /// The server does this with each supervision sweep; figures do it first if still needed.
    public func rollUp(now: Date = Date()) throws {
        let rollup = FactRollup(calendar: try tenant.currentKernel(at: now).calendar)
        let pool = tenant.database.pool
        if try pool.read({ try rollup.isStale(now: now, in: $0) }) { try rollup.refresh(now: now, pool: pool) }
    }

    /// Derives every case's facts again from its archived events (after an upgrade, or to
    /// check the facts kept with the events); returns how many cases were read.
    public func rebuildFacts() throws -> Int {
        let tenant = self.tenant
        return try tenant.database.pool.write { db in
            try CaseFactStore.deleteAll(in: db)
            let ids = try CaseStore.allIds(in: db)
            for id in ids {
                let events = try CaseStore.events(id, in: db)
                guard let state = CaseState.replay(events) else { continue }
                let kernel = try tenant.kernel(for: state.profileVersion)
                try CaseFactStore.insert(CaseFacts.derive(events, previous: nil, profile: kernel.profile, calendar: kernel.calendar, worker: nil),
                                         caseId: id, in: db)
            }
            return ids.count
        }
    }
}

extension Tenant {
    /// Performance evaluation: the profile's indicators over the archived facts.
    public var evaluation: EvaluationService { EvaluationService(tenant: self) }
}
