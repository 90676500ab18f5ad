import Foundation
import Testing
import Kernel
import Ordinance

/// Deadlines on China's working calendar.
@Suite("Working calendar")
struct CalendarTests {
    /// The national calendar pack shipped in `plugins/calendar-cn`.
    static let national: HolidayCalendar = {
        let plugins = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("plugins")
        return PackShelf.load(folder: plugins).nationalCalendar().calendar ?? HolidayCalendar()
    }()

    private func calendar(_ overlay: CalendarRules = officeRules) -> WorkingCalendar {
        WorkingCalendar(national: Self.national, profile: overlay)
    }

    static var officeRules: CalendarRules {
        var rules = CalendarRules()
        rules.officeHours = [OfficeHours("09:00-12:00")!, OfficeHours("13:30-17:30")!]
        return rules
    }

    private func at(_ text: String, _ cal: WorkingCalendar) -> Date {
        let parts = text.split(separator: " ")
        let hm = parts[1].split(separator: ":").map { Int($0)! }
        return cal.instant(Day(String(parts[0]))!, minutes: hm[0] * 60 + hm[1])
    }

    private func show(_ date: Date, _ cal: WorkingCalendar) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = cal.timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    @Test("the national calendar covers 2022–2026 and reads without problems")
    func coverage() {
        #expect(Self.national.years == [2022, 2023, 2024, 2025, 2026])
        #expect(Self.national.holidays.count == 33)
    }

    @Test("2 workdays from the Friday before the 2024 Spring Festival end after the holiday (Feb 10–17)")
    func springFestival() {
        let cal = calendar()
        // Friday 2024-02-09 10:00; Sat 10 – Sat 17 are days off; Sun 18 is an adjusted working day.
        let due = cal.due(from: at("2024-02-09 10:00", cal), adding: TimeLimit(2, .workdays))
        #expect(show(due, cal) == "2024-02-19 17:30")
        #expect(cal.isWorkingDay(Day("2024-02-18")!))
        #expect(!cal.isWorkingDay(Day("2024-02-12")!))
    }

    @Test("an adjusted Saturday counts as a working day (2025-02-08, 春节调休)")
    func adjustedSaturday() {
        let cal = calendar()
        // Friday 2025-02-07 16:30 + 4 workhours: 1 hour on Friday, then 3 on Saturday the 8th from 09:00.
        let due = cal.due(from: at("2025-02-07 16:30", cal), adding: TimeLimit(4, .workhours))
        #expect(show(due, cal) == "2025-02-08 12:00")
        let nextDay = cal.due(from: at("2025-02-07 10:00", cal), adding: TimeLimit(1, .workdays))
        #expect(show(nextDay, cal) == "2025-02-08 17:30")
    }

    @Test("workhours skip the lunch break and the night")
    func workhours() {
        let cal = calendar()
        #expect(show(cal.due(from: at("2025-03-03 11:00", cal), adding: TimeLimit(2, .workhours)), cal) == "2025-03-03 14:30")
        #expect(show(cal.due(from: at("2025-03-03 17:00", cal), adding: TimeLimit(1, .workhours)), cal) == "2025-03-04 09:30")
        #expect(show(cal.due(from: at("2025-03-03 20:00", cal), adding: TimeLimit(1, .workhours)), cal) == "2025-03-04 10:00")
    }

    @Test("calendar time runs through nights and holidays: 24h is 24 hours")
    func calendarTime() {
        let cal = calendar()
        #expect(show(cal.due(from: at("2024-02-09 10:00", cal), adding: TimeLimit(24, .hours)), cal) == "2024-02-10 10:00")
        #expect(show(cal.due(from: at("2024-02-09 10:00", cal), adding: TimeLimit(5, .days)), cal) == "2024-02-14 10:00")
    }

    @Test("a tenant's regional holiday is a day off on top of the national ones")
    func regionalOverlay() {
        var rules = Self.officeRules
        rules.holidays = [Holiday(name: "藏历新年", from: Day("2025-02-28")!, to: Day("2025-03-04")!)]
        let lhasa = calendar(rules)
        #expect(!lhasa.isWorkingDay(Day("2025-03-03")!))
        #expect(calendar().isWorkingDay(Day("2025-03-03")!))
        #expect(show(lhasa.due(from: at("2025-02-27 10:00", lhasa), adding: TimeLimit(1, .workdays)), lhasa) == "2025-03-05 17:30")
    }

    @Test("a working-time count into a year the national calendar does not list is found, naming the year; a provisional year is declared, not assumed")
    func missingYear() {
        let cal = calendar()
        // The shipped calendar declares 2027 provisional until its notice is recorded.
        #expect(cal.missingYear(from: at("2026-12-30 10:00", cal), to: cal.due(from: at("2026-12-30 10:00", cal), adding: TimeLimit(3, .workdays))) == nil)
        let start = at("2027-12-30 10:00", cal)
        let due = cal.due(from: start, adding: TimeLimit(3, .workdays))
        #expect(cal.missingYear(from: start, to: due) == 2028)
        #expect(cal.missingYear(from: at("2027-06-01 10:00", cal), to: at("2027-06-03 10:00", cal)) == nil)
        #expect(cal.missingYear(from: at("2021-12-30 10:00", cal), to: at("2022-01-04 10:00", cal)) == 2021)
        var declared = Self.national
        declared.provisional += [ProvisionalYear(year: 2028, note: "国务院办公厅2028年放假安排尚未公布")]
        let provisional = WorkingCalendar(national: declared, profile: Self.officeRules)
        #expect(provisional.missingYear(from: start, to: due) == nil)
        #expect(provisional.missingYear(from: start, to: at("2029-01-05 10:00", provisional)) == 2029)
    }
}

@Suite("Day arithmetic")
struct DayArithmeticTests {
    @Test("ordinals round-trip and agree with known weekdays", arguments: [
        ("1970-01-01", 0, false), ("2024-02-29", 19782, false), ("2024-02-10", 19763, true), ("2025-02-08", 20127, true),
        ("2000-03-01", 11017, false), ("1969-12-31", -1, false),
    ])
    func ordinals(text: String, ordinal: Int, weekend: Bool) {
        let day = Day(text)!
        #expect(day.ordinal == ordinal)
        #expect(Day(ordinal: ordinal) == day)
        #expect(day.isWeekend == weekend)
    }

    @Test("adding days crosses months, leap days and years")
    func adding() {
        #expect(Day("2024-02-28")!.adding(days: 1).description == "2024-02-29")
        #expect(Day("2024-02-29")!.adding(days: 1).description == "2024-03-01")
        #expect(Day("2025-12-31")!.adding(days: 1).description == "2026-01-01")
        #expect(Day("2025-01-01")!.adding(days: -1).description == "2024-12-31")
    }
}

/// Durations from outside (profiles, CSV files, the command line, HTTP) are bounded, and
/// no due-time computation can trap or run on without end.
@Suite("Bounded durations")
struct BoundedDurationTests {
    @Test("a limit longer than about ten years is refused when read, in every unit", arguments: TimeLimit.Unit.allCases)
    func tooLong(unit: TimeLimit.Unit) throws {
        let longest = TimeLimit.maximum(unit)
        #expect(try TimeLimit(parsing: "\(longest) \(unit.rawValue)").amount == longest)
        for text in ["\(longest + 1) \(unit.rawValue)", "99999999999 \(unit.rawValue)", "9223372036854775808 \(unit.rawValue)"] {
            #expect(throws: TimeLimit.ParseError.self, "\(text)") { try TimeLimit(parsing: text) }
        }
    }

    @Test("the longest limits, and limits made in code beyond them, give a due time at once")
    func dueTimesFinish() {
        let calendar = WorkingCalendar(national: CalendarTests.national, profile: CalendarTests.officeRules)
        let start = calendar.instant(Day("2025-06-03")!, minutes: 10 * 60)
        for unit in TimeLimit.Unit.allCases {
            for amount in [TimeLimit.maximum(unit), Int.max, Int.min, -1] {
                let due = calendar.due(from: start, adding: TimeLimit(amount, unit))
                #expect(due >= start, "\(amount) \(unit)")
                #expect(due < start.addingTimeInterval(21 * 366 * 86_400), "\(amount) \(unit)")
            }
        }
        // 2,500 workdays is about ten years of working days, not a day of calendar time.
        let far = calendar.due(from: start, adding: TimeLimit(2_500, .workdays))
        #expect(far > start.addingTimeInterval(9 * 365 * 86_400))
    }

    @Test("a calendar without office time still ends its walk")
    func noOfficeTime() {
        var rules = CalendarRules()
        rules.holidays = stride(from: Day("2000-01-01")!.ordinal, to: Day("2100-01-01")!.ordinal, by: Holiday.longestSpan).map {
            Holiday(name: "every day off", from: Day(ordinal: $0), to: Day(ordinal: $0 + Holiday.longestSpan - 1))
        }
        rules.workingDays = []
        let calendar = WorkingCalendar(national: HolidayCalendar(), profile: rules)
        let start = calendar.instant(Day("2025-06-03")!, minutes: 600)
        #expect(calendar.due(from: start, adding: TimeLimit(4, .workhours)) > start)
        #expect(calendar.due(from: start, adding: TimeLimit(2, .workdays)) > start)
    }
}
