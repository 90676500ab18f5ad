import Foundation
import Ordinance

extension Deployment {
    /// The packs now, refused when there is no national calendar to count deadlines with: a
    /// tenant is then unavailable with that reason, rather than counting weekdays alone
    /// without saying so.
    public func shelf() throws -> PackShelf {
        let shelf = packs.current()
        if let problem = shelf.nationalCalendar().problem {
            throw PlatformError("national-calendar", "the national holiday calendar cannot be used: \(problem)")
        }
        return shelf
    }

    /// The last day whose national holidays are known (the end of the last year recorded or
    /// declared provisional), and how many days remain from `now`: a deployment sees the end
    /// coming (`/healthz`, `wangge serve`) before a time limit running past it is refused.
    public func nationalCalendarHorizon(from now: Date = Date()) -> (lastDay: Day, daysLeft: Int)? {
        guard let calendar = packs.current().nationalCalendar().calendar,
              let year = (calendar.years + calendar.provisional.map(\.year)).max() else { return nil }
        let last = Day(year: year, month: 12, day: 31)
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
        let c = gregorian.dateComponents([.year, .month, .day], from: now)
        let today = Day(year: c.year ?? year, month: c.month ?? 1, day: c.day ?? 1)
        return (last, last.ordinal - today.ordinal)
    }

    /// What to do when the horizon is near: the file to add.
    public func calendarHorizonAdvice(_ horizon: (lastDay: Day, daysLeft: Int)) -> String {
        let pack = packs.current().calendars.values.first(where: \.isNational)?.name ?? "calendar-cn"
        return "national holidays are known through \(horizon.lastDay) (\(max(horizon.daysLeft, 0)) days left): add the State Council's notice for \(horizon.lastDay.year + 1) as \(plugins.folder.lastPathComponent)/\(pack)/years/\(horizon.lastDay.year + 1).yaml, or time limits running into it will be refused"
    }
}

extension Deployment {
    /// Tenants that may have hooks enabled: a server opens them to deliver their outbox.
    public func tenantsWithHooks() throws -> [String] {
        try registry.tenantsWithHooks()
    }
}
