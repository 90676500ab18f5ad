import Foundation
import Synchronization
import Hummingbird
import Kernel
import Ordinance
import Platform

/// The inbox: the cases of the caller's scope (a worker's grids, an office's grids, the
/// cases dispatched to a department), overdue and supervised first, then by due time.
enum InboxPage {
    struct Row {
        var id: String
        var item: String
        var grid: String
        var waiting: String
        var dueText: String?
        var overdue: Bool
        var lateText: String?
        /// The limit run over is a local rule, not the ordinance's: said with the mark.
        var localLimit: Bool
        var closed: Bool
    }

    struct Filter {
        var key: String
        var label: String
        var current: Bool
    }

    struct Page {
        var rows: [Row]
        var filters: [Filter]
        var empty: Bool
        var scope: String
    }

    enum Show: String, CaseIterable {
        case open, overdue, all
    }

    @Sendable static func show(_ call: Call) async throws -> Response {
        try await Console.page(call, section: "inbox") { session in
            let show = try call.choiceQuery("show", Show.self) ?? .open
            let access = try call.tenant.access.scope(for: session.caller, at: call.now)
            let views = try call.tenant.cases.list(status: show == .all ? nil : .open, overdue: show == .overdue, limit: 200,
                                                   scope: (Array(access.gridIds), Array(access.departments)))
            let time = try ConsoleTime(call)
            let words = WebPage.words(call, try Console.language(call).0) ?? [:]
            let rows = views.map { view in
                let state = view.state
                let late = state.status == .open ? state.dueAt.flatMap { time.lateness(call.now.timeIntervalSince($0), words) } : nil
                return Row(id: state.id, item: view.itemName, grid: view.gridName, waiting: view.pending.map(\.name).joined(separator: "、"),
                           dueText: state.dueAt.map(time.text), overdue: state.overdue || late != nil, lateText: late,
                           localLimit: view.pending.contains(where: \.localLimit), closed: state.status != .open)
            }
            // Marked overdue by the sweep (督办) or past due now: first, the longest overdue first.
            let ordered = rows.filter(\.overdue) + rows.filter { !$0.overdue }
            let scope = [access.gridIds.isEmpty ? nil : "\(access.gridIds.count) \(words["console_grids"] ?? "")",
                         access.departments.isEmpty ? nil : access.departments.sorted().joined(separator: "、")]
                .compactMap { $0 }.joined(separator: " · ")
            let page = Page(rows: ordered, filters: Show.allCases.map { Filter(key: $0.rawValue, label: words["console_show_\($0.rawValue)"] ?? $0.rawValue,
                                                                              current: $0 == show) },
                            empty: ordered.isEmpty, scope: scope)
            return ("inbox", words["console_inbox"] ?? "", page)
        }
    }
}

/// Times as the console shows them: in the profile's time zone, minutes precision.
struct ConsoleTime {
    let formatter: DateFormatter

    /// Formatters by time zone, made once: making one (ICU's udat_open) took a tenth of a
    /// console case page under load (perf); formatting with one is thread-safe.
    private static let formatters = Mutex<[String: DateFormatter]>([:])

    init(_ call: Call) throws {
        self.init(try call.tenant.profile())
    }

    init(_ profile: Profile) {
        let zone = profile.calendar.timezone
        formatter = Self.formatters.withLock { formatters in
            if let made = formatters[zone] { return made }
            let made = DateFormatter()
            made.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "Asia/Shanghai")
            made.dateFormat = "yyyy-MM-dd HH:mm"
            made.locale = Locale(identifier: "en_US_POSIX")
            formatters[zone] = made
            return made
        }
    }

    func text(_ date: Date) -> String { formatter.string(from: date) }

    /// "逾期 1天3小时" for a positive lateness in seconds; nil when on time.
    func lateness(_ seconds: TimeInterval, _ words: [String: String]) -> String? {
        guard seconds >= 60 else { return nil }
        let minutes = Int(seconds / 60)
        let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        var parts: [String] = []
        if days > 0 { parts.append("\(days)\(words["unit_days"] ?? "d")") }
        if hours > 0 { parts.append("\(hours)\(words["unit_hours"] ?? "h")") }
        if days == 0, rest > 0 { parts.append("\(rest)\(words["unit_minutes"] ?? "min")") }
        return "\(words["console_late_by"] ?? "late") \(parts.joined())"
    }
}
