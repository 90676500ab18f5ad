/// A place in a profile file. Lines and columns start at 1; columns count Unicode
/// scalars, as libyaml does, so a Chinese character is one column.
public struct Position: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of a file, used for problems that belong to the whole document.
    public static let start = Position(line: 1, column: 1)

    public static func < (lhs: Position, rhs: Position) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// How bad a problem is. Errors make a profile unusable; warnings are shown but do not
/// stop a profile from loading.
public enum Severity: String, Sendable, Codable, CaseIterable {
    case error
    case warning
}

/// One problem found in a profile: where it is, which rule it breaks, and, when the rule
/// comes from the law, the article that makes it a rule.
public struct Diagnostic: Sendable, Equatable, Codable, CustomStringConvertible {
    public var file: String
    public var position: Position
    public var severity: Severity
    public var rule: Rule
    public var message: String
    /// The article that the rule comes from, quoted with the ordinance's title,
    /// e.g. "拉萨市网格化服务管理条例 第二十条". Nil for rules of the file format itself.
    public var article: String?

    public init(
        file: String, position: Position, severity: Severity = .error,
        rule: Rule, message: String, article: String? = nil
    ) {
        self.file = file
        self.position = position
        self.severity = severity
        self.rule = rule
        self.message = message
        self.article = article
    }

    /// `file:line:column: error: message [rule] — article`, the form compilers use, so
    /// editors and terminals can jump to the place.
    public var description: String {
        var text = "\(file):\(position): \(severity.rawValue): \(message) [\(rule.rawValue)]"
        if let article { text += " — \(article)" }
        return text
    }
}

extension Array where Element == Diagnostic {
    /// True when at least one problem is an error (warnings alone do not count).
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Problems in file order, so a reader can fix them top to bottom.
    public func sortedByPosition() -> [Diagnostic] {
        sorted { ($0.file, $0.position) < ($1.file, $1.position) }
    }
}
