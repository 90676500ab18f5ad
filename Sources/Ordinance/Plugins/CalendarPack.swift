import Foundation

/// A calendar pack: one file per year under `years/`, each from the notice that sets the
/// year's holidays. The national pack (scope `national`) serves every tenant; a regional
/// pack serves the tenants whose profile names it (`calendar: {regional: calendar-xinjiang}`).
/// Adding next year's notice is adding `years/<year>.yaml`:
///
/// ```yaml
/// format: wangge/calendar-year/1
/// year: 2026
/// source: 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）
/// holidays:
///   - {name: 元旦, from: 2026-01-01, to: 2026-01-03}
/// working_days:
///   - {date: 2026-01-04, name: 元旦调休}
/// ```
///
/// A year whose notice is late may be declared instead with `provisional: <note>`: its
/// deadlines count weekends only, and say so.
public struct CalendarPack: Sendable {
    public static let yearFormat = "wangge/calendar-year/1"

    /// One year's file.
    public struct Year: Sendable {
        public var year: Int
        public var source: String?
        public var provisional: String?
        public var holidays: [Holiday]
        public var workingDays: [AdjustedDay]
    }

    public var manifest: PluginManifest
    public var years: [Year]

    public var name: String { manifest.name }
    public var isNational: Bool { manifest.scope == .national }

    /// The pack as the national calendar: every recorded year, and those declared provisional.
    public var national: HolidayCalendar {
        var calendar = HolidayCalendar()
        calendar.name = manifest.description
        calendar.years = years.filter { $0.provisional == nil }.map(\.year)
        calendar.provisional = years.compactMap { year in year.provisional.map { ProvisionalYear(year: year.year, note: $0) } }
        calendar.holidays = years.flatMap(\.holidays)
        calendar.workingDays = years.flatMap(\.workingDays)
        return calendar
    }

    /// The pack as a tenant's regional overlay.
    public var regional: RegionalCalendar {
        var calendar = RegionalCalendar()
        calendar.name = manifest.description
        calendar.basis = manifest.basis
        calendar.pack = manifest.name
        calendar.years = years.filter { $0.provisional == nil }.map(\.year)
        calendar.holidays = years.flatMap(\.holidays)
        calendar.workingDays = years.flatMap(\.workingDays)
        return calendar
    }
}

/// Reads a calendar pack's year files, each checked with file:line:column.
enum CalendarPackReader {
    static func load(_ manifest: PluginManifest, display: String) -> (CalendarPack?, [Diagnostic]) {
        let folder = URL(fileURLWithPath: manifest.folder).appendingPathComponent("years")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var diagnostics: [Diagnostic] = []
        if names.isEmpty {
            diagnostics.append(Diagnostic(file: "\(display)/years", position: .start, rule: .fileUnreadable,
                                          message: "a calendar pack keeps one file per year in years/ (years/2026.yaml); none found"))
        }
        var years: [CalendarPack.Year] = []
        for name in names {
            let file = "\(display)/years/\(name)"
            let (year, found) = loadYear(folder.appendingPathComponent(name), file: file, regional: manifest.scope == .regional)
            diagnostics += found
            guard let year else { continue }
            if name != "\(year.year).yaml" {
                diagnostics.append(Diagnostic(file: file, position: .start, rule: .versionFile,
                                              message: "the file holds \(year.year) but is named \(name); name it \(year.year).yaml"))
                continue
            }
            years.append(year)
        }
        return (diagnostics.hasErrors ? nil : CalendarPack(manifest: manifest, years: years), diagnostics)
    }

    private static func loadYear(_ url: URL, file: String, regional: Bool) -> (CalendarPack.Year?, [Diagnostic]) {
        let context = ReadContext(file: file)
        context.documentName = "the year's file"
        let year = context.readDocument(try? Data(contentsOf: url), empty: "the file is empty; it starts with 'format: \(CalendarPack.yearFormat)'") {
            read($0, regional: regional)
        }
        let diagnostics = context.diagnostics.sortedByPosition()
        return (diagnostics.hasErrors ? nil : year, diagnostics)
    }

    private static func read(_ value: Value, regional: Bool) -> CalendarPack.Year? {
        guard let o = value.object(["format", "year", "source", "provisional", "holidays", "working_days"]) else { return nil }
        if let format = o.required("format"), let text = format.string(), text != CalendarPack.yearFormat {
            format.fail(.invalidValue, "unsupported format '\(text)'; this version of Wangge reads '\(CalendarPack.yearFormat)'")
        }
        guard let number = o.need("year", { $0.int() }) else { return nil }
        let provisional = o.read("provisional") { $0.text() }
        let source = o.read("source") { $0.text() }
        if provisional == nil, source == nil {
            value.fail(.missingKey, "name the notice that sets \(number)'s holidays in 'source', or declare the year 'provisional' with a note")
        }
        if provisional != nil, regional {
            o.context.report(.invalidValue, "provisional: only the national calendar declares a year provisional; a region's year without its notice is simply not recorded",
                             at: o.position(of: "provisional"))
        }
        if provisional != nil, o.has("holidays") || o.has("working_days") {
            o.context.report(.invalidValue, "provisional: a provisional year lists no holidays; replace it by the notice's when it is out", at: o.position(of: "provisional"))
        }
        var holidays = o.read("holidays") { $0.list(HolidayCalendar.readHoliday) } ?? []
        var workingDays = o.read("working_days") { $0.list(HolidayCalendar.readAdjustedDay) } ?? []
        // A year's notice also sets the days around New Year (元旦 from 30 December).
        let first = Day(year: number - 1, month: 12, day: 1), last = Day(year: number + 1, month: 1, day: 31)
        for holiday in holidays where holiday.from < first || holiday.to > last {
            o.context.report(.invalidValue, "holidays: \(holiday.name) (\(holiday.from)…\(holiday.to)) is not in \(number)", at: o.position(of: "holidays"))
        }
        for day in workingDays where day.date < first || day.date > last {
            o.context.report(.invalidValue, "working_days: \(day.name) on \(day.date) is not in \(number)", at: o.position(of: "working_days"))
        }
        holidays = holidays.map { var h = $0; h.source = h.source ?? source; return h }
        workingDays = workingDays.map { var d = $0; d.source = d.source ?? source; return d }
        return CalendarPack.Year(year: number, source: source, provisional: provisional, holidays: holidays, workingDays: workingDays)
    }
}
