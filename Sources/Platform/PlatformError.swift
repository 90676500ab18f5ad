import Kernel
import Ordinance
import Store

/// One reason an operation was refused: the rule, a message naming the field or CSV
/// row, and the article of the ordinance when the rule comes from the law.
public struct Problem: Sendable, Equatable, Encodable, CustomStringConvertible {
    /// What sort of problem, for front ends that answer by kind (an HTTP status, an exit code).
    public enum Kind: Sendable, Equatable {
        /// The input breaks a rule of the ordinance or of the data (the default).
        case invalid
        /// No valid credentials.
        case unauthorized
        /// The caller's posts or scope do not allow it.
        case forbidden
        /// What is named does not exist (in this tenant).
        case notFound
        /// The thing is not in a state that allows it now.
        case conflict
        /// The caller's copy is out of date (a version precondition failed).
        case stale
    }

    public var kind: Kind
    public var rule: String
    public var message: String
    public var article: String?
    /// Where the problem is: an option (`--code`), a field, or `file.csv:7`.
    public var place: String?
    public var severity: Severity

    public init(_ rule: String, _ message: String, article: String? = nil, place: String? = nil, severity: Severity = .error) {
        self.init(.invalid, rule, message, article: article, place: place, severity: severity)
    }

    public init(_ kind: Kind, _ rule: String, _ message: String, article: String? = nil, place: String? = nil,
                severity: Severity = .error) {
        self.kind = kind
        self.rule = rule
        self.message = message
        self.article = article
        self.place = place
        self.severity = severity
    }

    enum CodingKeys: String, CodingKey { case rule, message, article, place, severity }

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

    public init(_ kind: Problem.Kind, _ rule: String, _ message: String, article: String? = nil, place: String? = nil) {
        problems = [Problem(kind, rule, message, article: article, place: place)]
    }

    /// The kind of the first problem: what the operation as a whole was refused for.
    public var kind: Problem.Kind { problems.first?.kind ?? .invalid }

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

extension Refusal {
    /// The kernel's kind of refusal as a kind of problem.
    var problemKind: Problem.Kind {
        switch kind {
        case .invalid: .invalid
        case .forbidden: .forbidden
        case .conflict: .conflict
        case .notFound: .notFound
        }
    }
}

extension Problem {
    /// The kernel's refusal, with its kind, rule and article.
    public init(_ refusal: Refusal, place: String? = nil) {
        self.init(refusal.problemKind, refusal.rule, refusal.message, article: refusal.article, place: place)
    }
}
