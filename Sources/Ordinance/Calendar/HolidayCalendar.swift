import Foundation
import Yams

/// Public holidays and adjusted working days (调休上班日), read from the national
/// calendar shipped with the platform (`Sources/Platform/Resources/cn.yaml`), or from a
/// profile's `calendar` section for regional holidays.
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

    /// The supported format, written at the top of a calendar file.
    public static let format = "wangge/calendar/1"

    /// Reads a calendar file; problems are reported with their positions, like profiles.
    public static func load(data: Data, file: String) -> (HolidayCalendar?, [Diagnostic]) {
        let context = ReadContext(file: file)
        guard let text = String(data: data, encoding: .utf8) else {
            context.report(.encoding, "the file is not UTF-8 text", at: .start)
            return (nil, context.diagnostics)
        }
        do {
            guard let root = try Yams.compose(yaml: text) else {
                context.report(.emptyDocument, "the file holds no YAML document", at: .start)
                return (nil, context.diagnostics)
            }
            let value = Value(node: root, path: "", context: context)
            guard let o = value.object(["format", "name", "years", "provisional", "holidays", "working_days"]) else { return (nil, context.diagnostics) }
            var calendar = HolidayCalendar()
            if let format = o.required("format"), let f = format.string(), f != Self.format {
                format.fail(.invalidValue, "unsupported format '\(f)'; this version of Wangge reads '\(Self.format)'")
            }
            calendar.name = o.need("name") { $0.text() } ?? ""
            calendar.years = o.need("years") { $0.list { $0.int() } } ?? []
            calendar.provisional = o.read("provisional") { $0.list(readProvisional) } ?? []
            for year in calendar.provisional where calendar.years.contains(year.year) {
                o.optional("provisional")?.fail(.invalidValue, "\(year.year) is listed in 'years' and cannot also be provisional")
            }
            calendar.holidays = o.read("holidays") { $0.list(readHoliday) } ?? []
            calendar.workingDays = o.read("working_days") { $0.list(readAdjustedDay) } ?? []
            let diagnostics = context.diagnostics.sortedByPosition()
            return (diagnostics.hasErrors ? nil : calendar, diagnostics)
        } catch {
            context.report(.yamlSyntax, "\(error)", at: .start)
            return (nil, context.diagnostics)
        }
    }

    static func readProvisional(_ value: Value) -> ProvisionalYear? {
        guard let o = value.object(["year", "note"]), let year = o.need("year", { $0.int() }),
              let note = o.need("note", { $0.text() }) else { return nil }
        return ProvisionalYear(year: year, note: note)
    }

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
