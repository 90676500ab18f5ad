import Foundation

/// Public holidays and adjusted working days (调休上班日): the national calendar, put
/// together from a calendar pack's year files (`plugins/calendar-cn/years/`, see
/// `CalendarPack`). Holidays are read here the same way for packs and profiles.
public struct HolidayCalendar: Sendable, Encodable {
    public var name = ""
    /// Years the data covers. A working-time limit that runs into a year neither covered
    /// nor declared provisional is refused, naming the missing year.
    public var years: [Int] = []
    /// Years whose notice is not out yet, declared with a note: their deadlines count
    /// weekends only, and say so, until the notice is added.
    public var provisional: [ProvisionalYear] = []
    public var holidays: [Holiday] = []
    public var workingDays: [AdjustedDay] = []

    public init() {}

    static func readHoliday(_ value: Value) -> Holiday? {
        guard let o = value.object(["name", "from", "to", "source"]),
              let name = o.need("name", { $0.text() }), let from = o.need("from", { $0.day() }),
              let to = o.need("to", { $0.day() }) else { return nil }
        if to < from {
            value.fail(.datesOutOfOrder, "'to' (\(to)) comes before 'from' (\(from))")
            return nil
        }
        // Working calendars list every day off; a span of years is a mistake, and would cost
        // memory and time for every tenant that loads it.
        if to.ordinal - from.ordinal >= Holiday.longestSpan {
            value.fail(.invalidValue, "a holiday of \(to.ordinal - from.ordinal + 1) days is not a holiday: at most \(Holiday.longestSpan) days")
            return nil
        }
        return Holiday(name: name, from: from, to: to, source: o.read("source") { $0.text() })
    }

    static func readAdjustedDay(_ value: Value) -> AdjustedDay? {
        guard let o = value.object(["date", "name", "source"]), let date = o.need("date", { $0.day() }),
              let name = o.need("name", { $0.text() }) else { return nil }
        return AdjustedDay(date: date, name: name, source: o.read("source") { $0.text() })
    }
}

/// Days off, from one date to another inclusive.
public struct Holiday: Sendable, Encodable, Equatable {
    /// The most days one holiday may span.
    public static let longestSpan = 31

    public var name: String
    public var from: Day
    public var to: Day
    /// The notice that sets it (a regional government's yearly arrangement).
    public var source: String?

    public init(name: String, from: Day, to: Day, source: String? = nil) {
        self.name = name
        self.from = from
        self.to = to
        self.source = source
    }
}

/// A year whose holiday notice is not out yet, declared so rather than assumed.
public struct ProvisionalYear: Sendable, Encodable, Equatable {
    public var year: Int
    public var note: String

    public init(year: Int, note: String) {
        self.year = year
        self.note = note
    }
}

/// A weekend day that is a working day (调休上班), or a named single day.
public struct AdjustedDay: Sendable, Encodable, Equatable {
    public var date: Day
    public var name: String
    public var source: String?

    public init(date: Day, name: String, source: String? = nil) {
        self.date = date
        self.name = name
        self.source = source
    }
}
