import Yams

/// Collects the problems found while one profile file is read and checked, so that
/// every problem is reported in one run rather than only the first.
final class ReadContext {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Anchors already reported, so an alias used ten times is reported once.
    private var reportedAnchors: Set<ObjectIdentifier> = []

    /// Publication languages, known once `publication` is read; public text must have each.
    var publicationLanguages = ["zh"]
    var publicationArticle: Article?
    /// The ordinance's title, to quote with articles.
    var title = ""
    /// The number of articles of the ordinance, to check citations against.
    var articleCount = 0
    /// Names used before they may be defined; resolved once the whole profile is read.
    var references: [Reference] = []
    /// Steps whose kind could not be read: named by other steps, but left out of the graph.
    var unreadSteps: Set<String> = []
    /// How messages name the whole file when a problem is at its top level.
    var documentName = "the profile"

    init(file: String) {
        self.file = file
    }

    var primaryLanguage: String { publicationLanguages.first ?? "zh" }

    /// "拉萨市网格化服务管理条例 第二十条", or nil without an article.
    func cite(_ article: Article?) -> String? {
        guard let article else { return nil }
        return title.isEmpty ? article.text : "\(title) \(article.text)"
    }

    func refer(_ kind: Reference.Kind, _ name: String, from value: Value) {
        references.append(Reference(kind: kind, name: name, path: value.path, position: value.position))
    }

    func report(
        _ rule: Rule, _ message: String, at position: Position,
        severity: Severity = .error, article: String? = nil
    ) {
        diagnostics.append(Diagnostic(
            file: file, position: position, severity: severity,
            rule: rule, message: message, article: article))
    }

    /// Refuses anchored nodes: a profile states each rule where it applies, and refusing
    /// aliases also keeps "billion laughs" documents from expanding while they are read.
    func admits(_ node: Node, path: String) -> Bool {
        guard let anchor = node.anchor else { return true }
        if reportedAnchors.insert(ObjectIdentifier(anchor)).inserted {
            report(.noAnchors,
                   "\(path): YAML anchors and aliases (&\(anchor.rawValue), *\(anchor.rawValue)) are not allowed in a profile; write the value out where it applies",
                   at: node.position)
        }
        return false
    }
}

extension Node {
    /// Where the node starts in its file.
    var position: Position {
        mark.map { Position(line: $0.line, column: $0.column) } ?? .start
    }

    /// A short name of the node's YAML type for messages.
    var typeName: String {
        switch self {
        case .scalar(let s) where s.isNullLike: "nothing"
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

extension Node.Scalar {
    /// A plain `~`, `null` or empty scalar stands for "no value".
    var isNullLike: Bool {
        style == .plain && ["", "~", "null", "Null", "NULL"].contains(string)
    }
}

/// A name used in the profile that must be defined elsewhere in it.
struct Reference {
    enum Kind: String {
        case level, role, department, category, step
    }

    let kind: Kind
    let name: String
    let path: String
    let position: Position
}
