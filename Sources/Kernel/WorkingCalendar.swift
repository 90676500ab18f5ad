import Foundation
import Ordinance

/// Working time for one tenant: weekends, national holidays and adjusted working days,
/// the tenant's regional overlay, and office hours. Turns a typed time limit into a due time.
public struct WorkingCalendar: Sendable {
    public let timeZone: TimeZone
    public let officeHours: [OfficeHours]
    private let daysOff: Set<Day>
    private let workingWeekendDays: Set<Day>
    private let calendar: Calendar
    /// Years whose national holidays are known; a working-time count into any other year is
    /// refused (`missingYear`), unless the year is declared provisional.
    public let coveredYears: Set<Int>
    /// Years declared provisional in the national calendar, with the note that says why.
    public let provisionalYears: [Int: String]
    /// The years the profile's regional holidays are recorded for; nil without a regional calendar.
    public let regionalYears: Set<Int>?

    /// The national calendar with the profile's overlay and office hours.
    public init(national: HolidayCalendar, profile: CalendarRules) {
        timeZone = TimeZone(identifier: profile.timezone) ?? TimeZone(identifier: "Asia/Shanghai")!
        officeHours = profile.officeHours.isEmpty ? [OfficeHours("09:00-17:00")!] : profile.officeHours
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = timeZone
        calendar = gregorian
        coveredYears = Set(national.years)
        provisionalYears = Dictionary(national.provisional.map { ($0.year, $0.note) }, uniquingKeysWith: { a, _ in a })
        regionalYears = profile.regional.map { Set($0.years) }
        let regional = profile.regional
        var off = Set<Day>()
        for holiday in national.holidays + profile.holidays + (regional?.holidays ?? []) {
            // Spans are checked when read (at most `Holiday.longestSpan` days); a longer one
            // made in code is cut there rather than listed day by day.
            var day = holiday.from
            let last = min(holiday.to, holiday.from.adding(days: Holiday.longestSpan - 1))
            while day <= last {
                off.insert(day)
                day = day.adding(days: 1)
            }
        }
        daysOff = off
        workingWeekendDays = Set((national.workingDays + profile.workingDays + (regional?.workingDays ?? [])).map(\.date))
    }

    /// The first year from `start`'s to `end`'s whose holidays the calendar does not know and
    /// that is not declared provisional: a working-time limit across it cannot be counted.
    public func missingYear(from start: Date, to end: Date) -> Int? {
        let first = day(of: start).year, last = day(of: max(start, end)).year
        return (first...last).first { !coveredYears.contains($0) && provisionalYears[$0] == nil }
    }

    /// Monday to Friday unless a holiday; a weekend day only when adjusted to a working day.
    public func isWorkingDay(_ day: Day) -> Bool {
        if workingWeekendDays.contains(day) { return true }
        if daysOff.contains(day) { return false }
        return !day.isWeekend
    }

    /// The calendar day of an instant in the tenant's time zone.
    public func day(of date: Date) -> Day {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return Day(year: c.year!, month: c.month!, day: c.day!)
    }

    /// The instant `minutes` after midnight on `day`.
    public func instant(_ day: Day, minutes: Int) -> Date {
        let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        return start.addingTimeInterval(TimeInterval(minutes * 60))
    }

    private func minutesIntoDay(_ date: Date) -> Int {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return c.hour! * 60 + c.minute!
    }

    /// When a time limit that starts at `start` runs out.
    /// - hours, minutes, days: calendar time.
    /// - workdays: the end of office hours on the Nth working day after the day of `start`.
    /// - workhours: office-hour minutes counted from `start` on working days.
    ///
    /// A limit outside 0…`TimeLimit.maximum` (which the profile reader and every importer
    /// refuse) is clamped into it, and no walk goes beyond `longestWalk` days, so a due time
    /// is always found, and soon.
    public func due(from start: Date, adding limit: TimeLimit) -> Date {
        let amount = min(max(limit.amount, 0), TimeLimit.maximum(limit.unit))
        switch limit.unit {
        case .minutes: return start.addingTimeInterval(TimeInterval(amount * 60))
        case .hours: return start.addingTimeInterval(TimeInterval(amount * 3600))
        case .days: return calendar.date(byAdding: .day, value: amount, to: start) ?? start.addingTimeInterval(TimeInterval(amount * 86_400))
        case .workdays:
            var day = self.day(of: start)
            var counted = 0
            var walked = 0
            while counted < amount, walked < Self.longestWalk {
                day = day.adding(days: 1)
                walked += 1
                if isWorkingDay(day) { counted += 1 }
            }
            return instant(day, minutes: officeHours.last?.end ?? 17 * 60)
        case .workhours:
            var remaining = amount * 60
            var day = self.day(of: start)
            var from = minutesIntoDay(start)
            for _ in 0..<Self.longestWalk {
                if isWorkingDay(day) {
                    for span in officeHours where span.end > from {
                        let begin = max(span.start, from)
                        let available = span.end - begin
                        if remaining <= available { return instant(day, minutes: begin + remaining) }
                        remaining -= available
                    }
                }
                day = day.adding(days: 1)
                from = 0
            }
            // No office time in twenty years (a calendar without working hours): the end of the walk.
            return instant(day, minutes: 0)
        }
    }

    /// The working time between two instants, in seconds: office-hour time on working days
    /// (weekends and holidays out, 调休 working days in), as handling time is judged. Zero
    /// when `end` is not after `start`; a span longer than `longestWalk` days is cut there.
    public func workingSeconds(from start: Date, to end: Date) -> Double {
        guard end > start else { return 0 }
        var total = 0.0
        var day = self.day(of: start)
        let last = self.day(of: end)
        for _ in 0..<Self.longestWalk {
            if isWorkingDay(day) {
                for span in officeHours {
                    let from = max(instant(day, minutes: span.start), start)
                    let to = min(instant(day, minutes: span.end), end)
                    if to > from { total += to.timeIntervalSince(from) }
                }
            }
            if day >= last { break }
            day = day.adding(days: 1)
        }
        return total
    }

    /// The most days a due-time computation walks: twenty years, twice the longest limit.
    static let longestWalk = 7_305
}
