import Foundation

extension Day {
    /// Days since 1970-01-01 (proleptic Gregorian), by Howard Hinnant's civil-date algorithm:
    /// date arithmetic without Foundation's Calendar, which is slow in hot paths.
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day with the given ordinal (days since 1970-01-01).
    public init(ordinal: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// The day `n` days later (or earlier, for negative `n`).
    public func adding(days n: Int) -> Day {
        Day(ordinal: ordinal + n)
    }

    /// The first day of the month `n` months after this day's month (of this month when n is 0).
    public func firstOfMonth(adding n: Int) -> Day {
        let index = year * 12 + (month - 1) + n
        let y = index >= 0 ? index / 12 : (index - 11) / 12
        return Day(year: y, month: index - y * 12 + 1, day: 1)
    }

    /// Saturday or Sunday (1970-01-01 was a Thursday).
    public var isWeekend: Bool {
        let weekday = ((ordinal % 7) + 7 + 4) % 7  // 0 = Sunday
        return weekday == 0 || weekday == 6
    }
}
