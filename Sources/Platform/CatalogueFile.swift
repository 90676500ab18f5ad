import CSV
import Foundation
import Kernel
import Ordinance
import Yams

/// The file formats of a catalogue export, for tenant admins to edit and import again.
public enum CatalogueFormat: String, Sendable, CaseIterable {
    case csv, yaml
}

/// A catalogue written as CSV or YAML and read back: the same items give the same bytes,
/// and reading what was written gives the same items.
struct CatalogueFile {
    static let maximumSize = 1 << 20

    /// Publication languages: one name column (`name.zh`, `name.bo`) or key each.
    let languages: [String]

    private var columns: [String] {
        ["code"] + languages.map { "name.\($0)" } + ["category", "department", "time_limit", "resources", "article"]
    }

    // MARK: writing

    /// Excel opens a CSV as UTF-8 only when it starts with a byte-order mark.
    static let byteOrderMark = "\u{FEFF}"

    func write(_ entries: [CatalogueEntry], as format: CatalogueFormat) throws -> String {
        switch format {
        case .csv: try csv(entries)
        case .yaml: try yaml(entries)
        }
    }

    private func csv(_ entries: [CatalogueEntry]) throws -> String {
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: columns)
        for entry in entries {
            try writer.write(row: [entry.code] + languages.map { entry.names[$0] ?? "" }
                + [entry.category, entry.department, entry.timeLimit.description, entry.resources ?? "", entry.article ?? ""])
        }
        stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func yaml(_ entries: [CatalogueEntry]) throws -> String {
        func scalar(_ text: String) -> Node { Node(text) }
        let items: [Node] = entries.map { entry in
            var pairs: [(Node, Node)] = [
                (scalar("code"), scalar(entry.code)),
                (scalar("name"), Node(languages.map { (scalar($0), scalar(entry.names[$0] ?? "")) })),
                (scalar("category"), scalar(entry.category)),
                (scalar("department"), scalar(entry.department)),
                (scalar("time_limit"), scalar(entry.timeLimit.description)),
            ]
            if let resources = entry.resources { pairs.append((scalar("resources"), scalar(resources))) }
            if let article = entry.article { pairs.append((scalar("article"), scalar(article))) }
            return Node(pairs)
        }
        return try Yams.serialize(node: Node([(scalar("items"), Node(items))]), allowUnicode: true)
    }

    // MARK: reading

    /// One item read from a file, with where it was and what is wrong in its cells.
    struct Row {
        var place: String
        var entry: CatalogueEntry
        var problems: [Problem] = []
    }

    /// Reads every item. A file that cannot be read at all is refused; problems of single
    /// cells are kept with their rows, so that they are reported together with what the
    /// profile's rules find in the other cells: every bad row and cell in one run.
    func read(_ text: String, file: String, as format: CatalogueFormat) throws -> (rows: [Row], problems: [Problem], warnings: [Problem]) {
        if text.utf8.count > Self.maximumSize {
            throw PlatformError("file-too-large", "the file is \(text.utf8.count) bytes; a catalogue file may be at most 1 MiB", place: file)
        }
        var problems: [Problem] = []
        var warnings: [Problem] = []
        let rows: [(place: String, fields: [String: String])]
        switch format {
        case .csv: (rows, warnings) = try csvFields(text, file: file)
        case .yaml: rows = try yamlFields(text, file: file)
        }
        var result: [Row] = []
        var seen: [String: String] = [:]
        for (place, fields) in rows {
            let code = fields["code"] ?? ""
            if code.isEmpty { problems.append(Problem("missing-field", "every item has a code", place: place)); continue }
            if let first = seen[code] {
                problems.append(Problem("duplicate-code", "item code '\(code)' appears twice (first at \(first))", place: place))
                continue
            }
            seen[code] = place
            var row = Row(place: place, entry: CatalogueEntry(code: code, revision: 0, names: [:], category: fields["category"] ?? "",
                                                              department: fields["department"] ?? "", timeLimit: TimeLimit(1, .workdays),
                                                              resources: fields["resources"], article: fields["article"]))
            do {
                row.entry.timeLimit = try TimeLimit(parsing: fields["time_limit"] ?? "")
            } catch let error as TimeLimit.ParseError {
                row.problems.append(Problem("invalid-value", "time_limit: \(error.message)", place: place))
            }
            for language in languages { row.entry.names[language] = fields["name.\(language)"] }
            result.append(row)
        }
        return (result, problems, warnings)
    }

    private func csvFields(_ text: String, file: String) throws -> ([(place: String, fields: [String: String])], [Problem]) {
        let table = try CSVTable(text: text, file: file, required: ["code", "category", "department", "time_limit"] + languages.map { "name.\($0)" },
                                 optional: ["resources", "article"])
        return (table.rows.map { ("\(file):\($0.line)", $0.values) }, table.warnings)
    }

    private static func firstAnchor(in node: Node) -> Node? {
        if node.anchor != nil { return node }
        switch node {
        case .alias: return node
        case .scalar: return nil
        case .mapping(let mapping): return mapping.lazy.compactMap { firstAnchor(in: $0.key) ?? firstAnchor(in: $0.value) }.first
        case .sequence(let sequence): return sequence.lazy.compactMap(firstAnchor).first
        }
    }

    /// Reads `items:` with libyaml's positions, refusing unknown keys and anything but text.
    private func yamlFields(_ text: String, file: String) throws -> [(place: String, fields: [String: String])] {
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: text)
            root = try parser.singleRoot()
        } catch {
            throw PlatformError("yaml-syntax", "\(error)", place: file)
        }
        // Anchors belong to the parser: keep it alive while looking for them.
        return try withExtendedLifetime(parser) { try yamlFields(root, file: file) }
    }

    private func yamlFields(_ root: Node?, file: String) throws -> [(place: String, fields: [String: String])] {
        func place(_ node: Node) -> String { "\(file):\(node.mark?.line ?? 1):\(node.mark?.column ?? 1)" }
        if let root, let shared = Self.firstAnchor(in: root) {
            throw PlatformError("no-anchors", "YAML anchors and aliases are not allowed; write each item out", place: place(shared))
        }
        guard let root, let mapping = root.mapping, let items = mapping["items"]?.sequence else {
            throw PlatformError("wrong-type", "a catalogue file is a mapping with a list under 'items'", place: root.map(place) ?? file)
        }
        if let extra = mapping.keys.first(where: { $0.string != "items" }) {
            throw PlatformError("unknown-key", "unknown key '\(extra.string ?? "")'; only 'items'", place: place(extra))
        }
        let known = Set(["code", "name", "category", "department", "time_limit", "resources", "article"])
        var problems: [Problem] = []
        var rows: [(String, [String: String])] = []
        for item in items {
            guard let fields = item.mapping else {
                problems.append(Problem("wrong-type", "each item is a mapping", place: place(item)))
                continue
            }
            var values: [String: String] = [:]
            for (key, value) in fields {
                let name = key.string ?? ""
                if !known.contains(name) {
                    problems.append(Problem("unknown-key", "unknown key '\(name)' (keys: \(known.sorted().joined(separator: ", ")))", place: place(key)))
                } else if name == "name" {
                    guard let names = value.mapping else {
                        problems.append(Problem("wrong-type", "name maps languages to text, e.g. {zh: …}", place: place(value)))
                        continue
                    }
                    for (language, text) in names {
                        let tag = language.string ?? ""
                        if !languages.contains(tag) {
                            problems.append(Problem("unknown-key", "'\(tag)' is not a publication language (\(languages.joined(separator: ", ")))", place: place(language)))
                        }
                        values["name.\(tag)"] = text.string
                    }
                } else if let text = value.scalar?.string, value.scalar != nil {
                    values[name] = text
                } else {
                    problems.append(Problem("wrong-type", "\(name) is text", place: place(value)))
                }
            }
            rows.append((place(item), values))
        }
        if !problems.isEmpty { throw PlatformError(problems) }
        return rows
    }
}
