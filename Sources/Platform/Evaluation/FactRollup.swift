import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// Keeps evaluation's rollup of the facts and says how to read a window from it.
///
/// The rollup is materialised after each day ends rather than kept up to date with every
/// event: a case's transition then writes only its facts, and the figures of any window
/// read whole months and days from the rollup and only today (and days written late) from
/// the facts themselves.
struct FactRollup {
    let calendar: WorkingCalendar

    /// How to read [start, end): these months and days from the rollup, these ranges from the facts.
    struct Plan: Equatable {
        var months: [Date] = []
        var days: [Date] = []
        var raw: [Range<Date>] = []
    }

    private func midnight(_ day: Day) -> Date { calendar.instant(day, minutes: 0) }

    /// Whether the rollup is behind: it ends before today's midnight, was built in another
    /// time zone, or facts were written for days it covers.
    func isStale(now: Date, in db: Database) throws -> Bool {
        guard let state = try FactRollupStore.state(in: db) else { return true }
        if state.zone != calendar.timeZone.identifier || state.horizon < midnight(calendar.day(of: now)) { return true }
        return try !FactRollupStore.dirty(in: db).isEmpty
    }

    /// Rolls up every day that has ended since the last refresh, the days written late, and
    /// the months they complete, one month per transaction so writers wait at most that long.
    /// The horizon moves with each month, so a fact written meanwhile for a day already
    /// rolled up is marked dirty and read from the facts until the next refresh.
    func refresh(now: Date, pool: DatabasePool) throws {
        let today = calendar.day(of: now)
        let zone = calendar.timeZone.identifier
        let (begin, dirty): (Day?, [Date]) = try pool.write { db in
            if let state = try FactRollupStore.state(in: db), state.zone == zone {
                return (calendar.day(of: state.horizon), try FactRollupStore.dirty(in: db))
            }
            try FactRollupStore.reset(in: db)
            let first = try FactRollupStore.firstFact(in: db).map(calendar.day(of:))
            try FactRollupStore.save(FactRollupStore.State(horizon: midnight(min(first ?? today, today)), zone: zone), in: db)
            return (first, [])
        }
        var days = Set(dirty.map(calendar.day(of:)))
        var day = begin ?? today
        while day < today {
            days.insert(day)
            day = day.adding(days: 1)
        }
        let byMonth = Dictionary(grouping: days) { $0.firstOfMonth(adding: 0) }
        for month in byMonth.keys.sorted() {
            let monthDays = byMonth[month, default: []].sorted()
            try pool.write { db in
                for day in monthDays {
                    try FactRollupStore.rollUpDay(from: midnight(day), to: midnight(day.adding(days: 1)), in: db)
                }
                let next = month.firstOfMonth(adding: 1)
                if next <= today { try FactRollupStore.rollUpMonth(from: midnight(month), to: midnight(next), in: db) }
                try FactRollupStore.clearDirty(dirty.filter { monthDays.contains(calendar.day(of: $0)) }, in: db)
                if let last = monthDays.last, let state = try FactRollupStore.state(in: db) {
                    try FactRollupStore.save(FactRollupStore.State(horizon: max(state.horizon, midnight(last.adding(days: 1))), zone: zone), in: db)
                }
            }
        }
        try pool.write { db in
            try FactRollupStore.save(FactRollupStore.State(horizon: midnight(today), zone: zone), in: db)
        }
    }

    /// The plan for reading the whole days [start, end).
    func plan(from start: Date, to end: Date, in db: Database) throws -> Plan {
        var plan = Plan()
        guard let state = try FactRollupStore.state(in: db), state.zone == calendar.timeZone.identifier else {
            plan.raw = start < end ? [start..<end] : []
            return plan
        }
        let dirty = Set(try FactRollupStore.dirty(in: db).map(calendar.day(of:)))
        let covered = min(end, state.horizon)
        var day = calendar.day(of: start)
        while midnight(day) < covered {
            let nextMonth = day.firstOfMonth(adding: 1)
            if day.day == 1, midnight(nextMonth) <= covered, !dirty.contains(where: { $0 >= day && $0 < nextMonth }) {
                plan.months.append(midnight(day))
                day = nextMonth
                continue
            }
            let next = day.adding(days: 1)
            if dirty.contains(day) { plan.raw.append(midnight(day)..<midnight(next)) } else { plan.days.append(midnight(day)) }
            day = next
        }
        let rest = max(start, state.horizon)
        if rest < end { plan.raw.append(rest..<end) }
        return plan
    }
}
