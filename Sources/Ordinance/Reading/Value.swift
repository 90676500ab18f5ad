import Foundation
import Yams

/// A YAML node being read as part of a profile, with the dotted path that names it in
/// messages (`workflow.steps[2].actor`). Each accessor returns nil and records a problem
/// when the node does not have the expected shape, so reading goes on after an error.
struct Value {
    let node: Node
    let path: String
    let context: ReadContext

    var position: Position { node.position }

    var isNull: Bool {
        if case .scalar(let s) = node { return s.isNullLike }
        return false
    }

    func fail(_ rule: Rule, _ message: String, article: String? = nil) {
        context.report(rule, "\(path): \(message)", at: position, article: article)
    }

    private func wrongType(_ expected: String) {
        fail(.wrongType, "expected \(expected), found \(node.typeName)")
    }

    /// A scalar read as text exactly as written (no YAML 1.1 boolean or number guessing).
    func string() -> String? {
        guard case .scalar(let scalar) = node, !scalar.isNullLike else {
            wrongType("text")
            return nil
        }
        if scalar.style == .plain, Self.yaml11Booleans.contains(scalar.string) {
            context.report(.ambiguousScalar,
                           "\(path): quote '\(scalar.string)': YAML 1.1 tools read it as a boolean",
                           at: position, severity: .warning)
        }
        return scalar.string
    }

    static let yaml11Booleans: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
    ]

    /// Text that must not be blank.
    func text() -> String? {
        guard let s = string() else { return nil }
        if s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            fail(.invalidValue, "must not be blank")
            return nil
        }
        return s
    }

    /// A key or code: letters, digits, `_` and `-`, so it can appear in paths and CSV.
    func key() -> String? {
        guard let s = string() else { return nil }
        let allowed = s.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || $0 == "_" || $0 == "-"
        }
        guard !s.isEmpty, allowed else {
            fail(.invalidValue, "'\(s)' is not a valid key: use ASCII letters, digits, '_' and '-'")
            return nil
        }
        return s
    }

    func int() -> Int? {
        guard case .scalar(let scalar) = node, !scalar.isNullLike else {
            wrongType("a whole number")
            return nil
        }
        guard scalar.style == .plain, let n = Int(scalar.string) else {
            fail(.wrongType, "expected a whole number, found '\(scalar.string)'")
            return nil
        }
        return n
    }

    func bool() -> Bool? {
        guard case .scalar(let scalar) = node, scalar.style == .plain,
              scalar.string == "true" || scalar.string == "false" else {
            fail(.wrongType, "expected true or false, found \(describe)")
            return nil
        }
        return scalar.string == "true"
    }

    func day() -> Day? {
        guard let s = string() else { return nil }
        guard let day = Day(s) else {
            fail(.invalidValue, "'\(s)' is not a date: write YYYY-MM-DD")
            return nil
        }
        return day
    }

    func timeLimit() -> TimeLimit? {
        guard let s = string() else { return nil }
        do {
            return try TimeLimit(parsing: s)
        } catch let error as TimeLimit.ParseError {
            fail(.invalidValue, error.message)
            return nil
        } catch {
            fail(.invalidValue, "\(error)")
            return nil
        }
    }

    func article() -> Article? {
        guard let s = string() else { return nil }
        guard let article = Article(s) else {
            fail(.invalidValue, "'\(s)' is not an article citation: write it as in the text, e.g. 第十七条 or 第十六条第二款")
            return nil
        }
        if context.articleCount > 0, article.number > context.articleCount {
            fail(.undefinedReference, "\(s) is beyond the last article of the ordinance (it has \(context.articleCount))")
        }
        return article
    }

    /// Text in the publication languages: a mapping of language tag to text, or a plain
    /// scalar for the primary language alone. Public text must exist in every
    /// publication language.
    func localized(isPublic: Bool = true) -> LocalizedText? {
        var translations: [(language: String, text: String)] = []
        switch node {
        case .scalar:
            guard let s = text() else { return nil }
            translations = [(context.primaryLanguage, s)]
        case .mapping:
            guard let object = object(Self.languageTags(in: node)) else { return nil }
            for (keyNode, _) in object.mapping {
                guard let tag = keyNode.scalar?.string, let child = object.optional(tag) else { continue }
                guard Self.isLanguageTag(tag) else {
                    context.report(.invalidValue, "\(path): '\(tag)' is not a language tag such as zh, bo or ug",
                                   at: keyNode.position)
                    continue
                }
                if let text = child.text() { translations.append((tag, text)) }
            }
        default:
            fail(.wrongType, "expected text, or a mapping of language tag to text, found \(node.typeName)")
            return nil
        }
        let text = LocalizedText(translations)
        if isPublic {
            let missing = context.publicationLanguages.filter { text[$0] == nil }
            if !missing.isEmpty, !translations.isEmpty {
                let list = missing.map { "'\($0)'" }.joined(separator: ", ")
                fail(.missingTranslation,
                     "no \(list) text for '\(text.description)'; public text must be in every publication language (\(context.publicationLanguages.joined(separator: ", ")))",
                     article: context.cite(context.publicationArticle))
            }
        }
        return text
    }

    private static func languageTags(in node: Node) -> [String] {
        node.mapping?.keys.compactMap { $0.scalar?.string } ?? []
    }

    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
              first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// One of a fixed set of words, e.g. a step kind.
    func choice<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> E? where E.RawValue == String {
        guard let s = string() else { return nil }
        guard let value = E(rawValue: s) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            fail(.invalidValue, "'\(s)' is not one of: \(allowed)")
            return nil
        }
        return value
    }

    /// A list; each element is handed on with its index in the path.
    func list() -> [Value]? {
        guard case .sequence(let sequence) = node else {
            wrongType("a list")
            return nil
        }
        return sequence.enumerated().compactMap { index, element in
            let elementPath = "\(path)[\(index)]"
            guard context.admits(element, path: elementPath) else { return nil }
            return Value(node: element, path: elementPath, context: context)
        }
    }

    /// A list read element by element; elements that fail to read are dropped (and reported).
    func list<T>(_ read: (Value) -> T?) -> [T]? {
        list()?.compactMap(read)
    }

    /// A mapping whose keys must come from `keys`; any other key is reported.
    func object(_ keys: [String]) -> Object? {
        guard case .mapping(let mapping) = node else {
            wrongType("a mapping")
            return nil
        }
        return Object(mapping: mapping, value: self, allowed: keys)
    }

    private var describe: String {
        if case .scalar(let s) = node, !s.isNullLike { return "'\(s.string)'" }
        return node.typeName
    }
}

/// A YAML mapping being read: gives its values by key and reports missing or unknown keys.
struct Object {
    let mapping: Node.Mapping
    let value: Value
    private var entries: [String: (key: Node, value: Node)] = [:]

    init(mapping: Node.Mapping, value: Value, allowed: [String]) {
        self.mapping = mapping
        self.value = value
        for (key, element) in mapping {
            guard case .scalar(let scalar) = key else {
                value.context.report(.wrongType, "\(value.path): keys must be text, found \(key.typeName)",
                                     at: key.position)
                continue
            }
            let name = scalar.string
            if scalar.style == .plain, Value.yaml11Booleans.contains(name) {
                value.context.report(.ambiguousScalar,
                                     "\(value.path.isEmpty ? value.context.documentName : value.path): key '\(name)' is read as a boolean by YAML 1.1 tools; quote it",
                                     at: key.position, severity: .warning)
            }
            if name == "<<" {
                value.context.report(.noAnchors, "\(value.path.isEmpty ? value.context.documentName : value.path): merge keys (<<) are not allowed in a profile; write the keys out",
                                     at: key.position)
            } else if !allowed.contains(name) {
                var message = "\(value.path.isEmpty ? value.context.documentName : value.path): unknown key '\(name)'"
                if let near = Self.nearest(name, in: allowed) { message += "; did you mean '\(near)'?" }
                message += " (allowed here: \(allowed.joined(separator: ", ")))"
                value.context.report(.unknownKey, message, at: key.position)
            } else {
                entries[name] = (key, element)
            }
        }
    }

    var position: Position { value.position }
    var path: String { value.path }
    var context: ReadContext { value.context }

    /// The value under `key`, or nil when it is absent or null.
    func optional(_ key: String) -> Value? {
        guard let entry = entries[key] else { return nil }
        let childPath = value.path.isEmpty ? key : "\(value.path).\(key)"
        guard value.context.admits(entry.value, path: childPath) else { return nil }
        let child = Value(node: entry.value, path: childPath, context: value.context)
        return child.isNull ? nil : child
    }

    /// The value under `key`; reports it as missing when absent or null.
    func required(_ key: String) -> Value? {
        if let child = optional(key) { return child }
        if entries[key] == nil {
            let owner = value.path.isEmpty ? value.context.documentName : value.path
            value.context.report(.missingKey, "\(owner): missing required key '\(key)'", at: value.position)
        } else if let entry = entries[key], entry.value.anchor == nil {
            value.context.report(.missingKey, "\(value.path.isEmpty ? key : "\(value.path).\(key)"): must have a value",
                                 at: entry.key.position)
        }
        return nil
    }

    /// Whether the mapping has `key`, with a value or not.
    func has(_ key: String) -> Bool { entries[key] != nil }

    /// Position of a key, for problems about the entry as a whole.
    func position(of key: String) -> Position {
        entries[key]?.key.position ?? value.position
    }

    private static func nearest(_ word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= max(1, word.count / 3) }
        return scored.min { $0.1 < $1.1 }?.0
    }
}

/// Levenshtein distance, used only to suggest the key that was probably meant.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
