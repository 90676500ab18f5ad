import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// Sums the facts of one window into the rows of one scope. Counts and sums come grouped
/// from SQLite; offices and the city add up their grids; percentiles sort the working times.
struct Tally {
    let scope: Evaluation.Scope
    let start: Date
    let end: Date
    let visible: EvaluationService.Visible
    let profile: Profile
    let tenantKey: String
    /// Which months and days to read from the rollup, which ranges from the facts.
    let plan: FactRollup.Plan
    let db: Database

    /// The kind of fact an indicator counts.
    static func factKind(_ kind: Evaluation.Kind) -> String {
        switch kind {
        case .reported: "reported"
        case .ended, .onTimeRate, .handlingTimeAverage, .handlingTimeP90: "ended"
        case .returned: "returned"
        case .escalated: "escalated"
        case .supervised: "supervised"
        case .reopened: "reopened"
        case .reviewed: "reviewed"
        case .satisfaction: "rated"
        case .overdueOpen: "overdue"
        }
    }

    /// What one row adds up.
    struct Sums {
        var counts: [String: Int] = [:]
        var timed = 0
        var onTime = 0
        var durationSum = 0.0
        /// Ends by their working time in whole minutes, for percentiles.
        var minutes: [Int: Int] = [:]
        var rated = 0
        var good = 0
        var overdue = 0

        mutating func add(_ total: FactTotal) {
            counts[total.kind, default: 0] += total.count
            if total.kind == "ended" {
                timed += total.timed
                onTime += total.onTime
                durationSum += total.durationSum
            }
            if total.kind == "rated" {
                rated += total.count
                good += total.good
            }
        }

        mutating func add(_ other: Sums) {
            for (kind, count) in other.counts { counts[kind, default: 0] += count }
            timed += other.timed
            onTime += other.onTime
            durationSum += other.durationSum
            minutes.merge(other.minutes, uniquingKeysWith: +)
            rated += other.rated
            good += other.good
            overdue += other.overdue
        }

        func value(_ kind: Evaluation.Kind) -> Double? {
            switch kind {
            case .onTimeRate: return timed == 0 ? nil : 100 * Double(onTime) / Double(timed)
            case .handlingTimeAverage:
                let ended = counts["ended", default: 0]
                return ended == 0 ? nil : durationSum / Double(ended) / 3600
            case .handlingTimeP90:
                // Nearest rank, to the minute: the time of the ceil(0.9 n)-th shortest end.
                let total = minutes.values.reduce(0, +)
                guard total > 0 else { return nil }
                let rank = Int((0.9 * Double(total)).rounded(.up))
                var seen = 0
                for (minute, count) in minutes.sorted(by: { $0.key < $1.key }) {
                    seen += count
                    if seen >= rank { return Double(minute) / 60 }
                }
                return nil
            case .satisfaction: return rated == 0 ? nil : 100 * Double(good) / Double(rated)
            case .overdueOpen: return Double(overdue)
            default: return Double(counts[Tally.factKind(kind), default: 0])
            }
        }
    }

    func rows(_ indicators: [Evaluation.Indicator]) throws -> [EvaluationTable.Row] {
        let needsDurations = indicators.contains { $0.kind == .handlingTimeP90 }
        let grouping: CaseFactStore.Grouping = scope == .department ? .department : scope == .worker ? .worker : .grid
        let dimension: FactRollupStore.Dimension = scope == .department ? .department : scope == .worker ? .worker : .grid
        var seenGrids = visible.grids
        var plan = self.plan
        if let seen = seenGrids, dimension == .department {
            // Department rows carry no grid: a caller who sees only some grids reads the facts.
            if Set(seen).isSuperset(of: try OrgStore.grids(in: db).map(\.grid.unitId)) { seenGrids = nil } else { plan = FactRollup.Plan(raw: [start..<end]) }
        }
        var sums: [String: Sums] = [:]
        var totals = try FactRollupStore.totals(dimension, period: .month, starts: plan.months, grids: seenGrids, in: db)
            + FactRollupStore.totals(dimension, period: .day, starts: plan.days, grids: seenGrids, in: db)
        for range in plan.raw {
            totals += try CaseFactStore.totals(by: grouping, from: range.lowerBound, to: range.upperBound, grids: seenGrids, in: db)
        }
        for total in totals { sums[total.group ?? "", default: Sums()].add(total) }
        if needsDurations {
            for period in [FactRollupStore.Period.month, .day] {
                let starts = period == .month ? plan.months : plan.days
                for (group, histogram) in try FactRollupStore.minutes(dimension, period: period, starts: starts, grids: seenGrids, in: db) {
                    sums[group ?? "", default: Sums()].minutes.merge(histogram, uniquingKeysWith: +)
                }
            }
            for range in plan.raw {
                for (group, minute, count) in try CaseFactStore.durationMinutes(by: grouping, from: range.lowerBound, to: range.upperBound, grids: seenGrids, in: db) {
                    sums[group ?? "", default: Sums()].minutes[minute, default: 0] += count
                }
            }
        }
        if indicators.contains(where: { $0.kind == .overdueOpen }) {
            for (group, count) in try CaseFactStore.overdueOpen(by: grouping, grids: visible.grids, in: db) {
                sums[group ?? "", default: Sums()].overdue += count
            }
        }
        func row(_ key: String, _ name: String, level: String? = nil, _ sums: Sums) -> EvaluationTable.Row {
            EvaluationTable.Row(key: key, name: name, level: level,
                                values: Dictionary(uniqueKeysWithValues: indicators.map { ($0.key, sums.value($0.kind)) }))
        }
        switch scope {
        case .grid:
            return try grids().map { unit, grid in row(grid.code, unit.name, sums[String(grid.unitId)] ?? Sums()) }
        case .department:
            return profile.departments
                .filter { visible.departments?.contains($0.code) ?? true }
                .map { row($0.code, $0.name.description, sums[$0.code] ?? Sums()) }
        case .worker:
            let staff = sums.keys.filter { !$0.isEmpty && (visible.worker == nil || $0 == visible.worker) }.sorted()
            return try staff.map { id in row(id, try StaffStore.person(id, in: db)?.name ?? id, sums[id] ?? Sums()) }
        case .city:
            var all = Sums()
            for (_, part) in sums { all.add(part) }
            return [row(tenantKey, profile.ordinance.city.description, all)]
        case .office:
            let grids = try self.grids()
            var byUnit: [Int64: Sums] = [:]
            var units: [Int64: OrgUnit] = [:]
            for (unit, grid) in grids {
                let part = sums[String(grid.unitId)] ?? Sums()
                for ancestor in try OrgUnit.lineage(of: unit.id!, in: db) where ancestor.id != unit.id {
                    byUnit[ancestor.id!, default: Sums()].add(part)
                    units[ancestor.id!] = ancestor
                }
            }
            let order = Dictionary(uniqueKeysWithValues: profile.levels.enumerated().map { ($0.element.key, $0.offset) })
            return units.values.sorted { (order[$0.level] ?? 0, $0.name) < (order[$1.level] ?? 0, $1.name) }.map { unit in
                row(String(unit.id!), unit.name, level: profile.level(unit.level)?.name.description ?? unit.level, byUnit[unit.id!] ?? Sums())
            }
        }
    }

    /// The grids in view, by code.
    private func grids() throws -> [(unit: OrgUnit, grid: GridRecord)] {
        let all = try OrgStore.grids(in: db)
        guard let visible = visible.grids else { return all }
        let allowed = Set(visible)
        return all.filter { allowed.contains($0.grid.unitId) }
    }
}
