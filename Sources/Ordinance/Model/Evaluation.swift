/// Performance evaluation (考核评价): the figures a city's supervising offices keep, for
/// whom and over which periods. The ordinances make evaluation a duty (city2023 第六条,
/// Changji 第二十九条 …) without naming figures, so each indicator says where it comes
/// from: an article, or the local rules that chose it.
public struct Evaluation: Sendable, Encodable {
    /// What an indicator counts or measures; the platform computes each kind from the
    /// cases' archived events.
    public enum Kind: String, Sendable, Encodable, CaseIterable {
        /// Matters reported in the period.
        case reported
        /// Cases that ended in the period (closed, rejected, answered).
        case ended
        /// Of the cases closed in the period, the share closed by their due time (按期办结率).
        case onTimeRate = "on_time_rate"
        /// Average and 90th-percentile handling time, in working hours, from report to end.
        case handlingTimeAverage = "handling_time_avg"
        case handlingTimeP90 = "handling_time_p90"
        /// Open cases past their due time now.
        case overdueOpen = "overdue_open"
        /// Cases returned (退回), escalated, supervised (督办) or reopened in the period.
        case returned, escalated, supervised, reopened
        /// Reviews (复核) reporters asked for in the period.
        case reviewed
        /// The share of reporters' ratings in the period that count as satisfied: those the
        /// indicator lists in `satisfied`, or else the rate step's first (best) rating.
        case satisfaction
    }

    /// Whom the figures are for.
    public enum Scope: String, Sendable, Encodable, CaseIterable {
        case grid, worker, office, department, city
    }

    /// The periods figures are kept over.
    public enum PeriodKind: String, Sendable, Encodable, CaseIterable {
        case month, quarter, year, custom
    }

    public struct Indicator: Sendable, Encodable {
        public var key = ""
        public var kind = Kind.reported
        public var name = LocalizedText([])
        /// Whom it is computed for.
        public var scopes: [Scope] = []
        /// Its weight in a total score, where the text or local rules give one.
        public var weight: Double?
        public var weightSource: ValueSource?
        /// For satisfaction: the ratings that count as satisfied (e.g. 满意 and 基本满意).
        public var satisfied: [String]?
        /// Why this indicator is kept: an article, or the local rules that set it.
        public var source: ValueSource?
        public var position = Position.start
    }

    public var indicators: [Indicator] = []
    public var periods: [PeriodKind] = []
    /// The article that makes evaluation a duty.
    public var article: Article?
    public var position = Position.start

    public func indicator(_ key: String) -> Indicator? { indicators.first { $0.key == key } }

    /// Whether a rating counts as satisfied, as the first satisfaction indicator says (by
    /// default, the rate step's first rating of `ratings`).
    public func isSatisfied(_ rating: String, ratings: [String]) -> Bool {
        if let listed = indicators.first(where: { $0.kind == .satisfaction })?.satisfied { return listed.contains(rating) }
        return ratings.first == rating
    }
}
