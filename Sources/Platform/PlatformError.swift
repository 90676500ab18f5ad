import Ordinance
import Store

/// One reason an operation was refused: the rule, a message naming the field or CSV
/// row, and the article of the ordinance when the rule comes from the law.
public struct Problem: Sendable, Equatable, Encodable, CustomStringConvertible {
    public var rule: String
    public var message: String
    public var article: String?
    /// Where the problem is: an option (`--code`), a field, or `file.csv:7`.
    public var place: String?
    public var severity: Severity

    public init(_ rule: String, _ message: String, article: String? = nil, place: String? = nil, severity: Severity = .error) {
        self.rule = rule
        self.message = message
        self.article = article
        self.place = place
        self.severity = severity
    }

    public var description: String {
        var text = place.map { "\($0): " } ?? ""
        text += "\(severity == .warning ? "warning: " : "")\(message) [\(rule)]"
        if let article { text += " — \(article)" }
        return text
    }
}

/// An operation refused for one or more reasons. Nothing was changed.
public struct PlatformError: Error, Sendable, CustomStringConvertible {
    public var problems: [Problem]

    public init(_ problems: [Problem]) {
        self.problems = problems
    }

    public init(_ rule: String, _ message: String, article: String? = nil, place: String? = nil) {
        problems = [Problem(rule, message, article: article, place: place)]
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }

    static func store(_ error: StoreError) -> PlatformError {
        PlatformError("tenant-database", error.description)
    }

    static func profile(_ tenant: String, _ diagnostics: [Diagnostic]) -> PlatformError {
        let errors = diagnostics.filter { $0.severity == .error }
        var problems = [Problem("profile-does-not-check",
                                "the profile of '\(tenant)' has \(errors.count) error(s); fix them (wangge ordinance check) before using the tenant")]
        problems += errors.prefix(20).map { Problem($0.rule.rawValue, $0.message, article: $0.article, place: "\($0.file):\($0.position)") }
        return PlatformError(problems)
    }
}
