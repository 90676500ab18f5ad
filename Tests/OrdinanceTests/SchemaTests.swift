import Foundation
import Testing
import Yams

/// `ordinances/schema.json` lets editors complete and check profiles. These tests keep it
/// true: every shipped profile passes it, and it refuses what the loader refuses.
@Suite("The JSON Schema of profiles")
struct SchemaTests {
    let schema: [String: Any]

    init() throws {
        let data = try Data(contentsOf: ordinancesFolder.appendingPathComponent("schema.json"))
        schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func problems(_ yaml: String) throws -> [String] {
        let node = try #require(try Yams.compose(yaml: yaml))
        var validator = SchemaValidator(root: schema)
        validator.validate(node, against: schema, path: "")
        return validator.problems
    }

    @Test("every profile in ordinances/ satisfies the schema")
    func shippedProfiles() throws {
        #expect(!schema.isEmpty)
        let files = try FileManager.default.subpathsOfDirectory(atPath: ordinancesFolder.path)
            .filter { $0.hasSuffix(".yaml") && $0.split(separator: "/").count == 2 }
        #expect(files.count == 10)
        for file in files {
            let text = try String(contentsOf: ordinancesFolder.appendingPathComponent(file), encoding: .utf8)
            #expect(try problems(text) == [], "\(file)")
        }
        #expect(try problems(minimalProfile) == [])
    }

    @Test("the schema refuses unknown keys, bad durations and unknown step kinds too")
    func refusals() throws {
        #expect(try problems(minimal(replacing: "  articles: 10", with: "  articles: 10\n  artcles: 10"))
            == ["ordinance: unknown key 'artcles'"])
        #expect(try problems(minimal(replacing: "time_limit: 4 workhours", with: "time_limit: 4 fortnights"))
            == ["workflow.steps[1].time_limit: matches none of anyOf"])
        #expect(try problems(minimal(replacing: "      kind: accept", with: "      kind: approve"))
            == ["workflow.steps[1].kind: 'approve' is not in the enum"])
        #expect(try problems(minimal(replacing: "    art: 第四条\n  art: 第四条", with: "    art: 第四条\n  art: 四"))
            == ["grids.art: '四' does not match the pattern"])
    }
}

/// Just enough of JSON Schema 2020-12 to check profiles: $ref, type, const, enum,
/// pattern, minLength, minimum, maximum, properties, required, additionalProperties,
/// propertyNames, minProperties, items, minItems, oneOf, anyOf.
struct SchemaValidator {
    let root: [String: Any]
    var problems: [String] = []

    mutating func validate(_ node: Node, against schema: [String: Any], path: String) {
        if let ref = schema["$ref"] as? String {
            let name = String(ref.dropFirst("#/$defs/".count))
            let defs = root["$defs"] as? [String: Any]
            guard let target = defs?[name] as? [String: Any] else { return fail(path, "unresolved \(ref)") }
            validate(node, against: target, path: path)
        }
        if let options = schema["oneOf"] as? [[String: Any]] {
            if options.filter({ matches(node, $0) }).count != 1 { fail(path, "matches not exactly one of oneOf") }
        }
        if let options = schema["anyOf"] as? [[String: Any]], !options.contains(where: { matches(node, $0) }) {
            fail(path, "matches none of anyOf")
        }
        if let type = schema["type"] as? String, !hasType(node, type) { return fail(path, "is not of type \(type)") }
        if let value = schema["const"] as? String, node.scalar?.string != value { fail(path, "is not '\(value)'") }
        if let values = schema["enum"] as? [String], let s = node.scalar?.string, !values.contains(s) {
            fail(path, "'\(s)' is not in the enum")
        }
        if case .scalar(let scalar) = node { checkScalar(scalar.string, schema, path: path) }
        if case .mapping(let mapping) = node { checkMapping(mapping, schema, path: path) }
        if case .sequence(let sequence) = node {
            if let min = schema["minItems"] as? Int, sequence.count < min { fail(path, "has fewer than \(min) items") }
            if let items = schema["items"] as? [String: Any] {
                for (i, element) in sequence.enumerated() { validate(element, against: items, path: "\(path)[\(i)]") }
            }
        }
    }

    private mutating func checkScalar(_ s: String, _ schema: [String: Any], path: String) {
        if let pattern = schema["pattern"] as? String, s.range(of: pattern, options: .regularExpression) == nil {
            fail(path, "'\(s)' does not match the pattern")
        }
        if let min = schema["minLength"] as? Int, s.count < min { fail(path, "is shorter than \(min)") }
        if let n = Int(s) {
            if let min = schema["minimum"] as? Int, n < min { fail(path, "is less than \(min)") }
            if let max = schema["maximum"] as? Int, n > max { fail(path, "is more than \(max)") }
        }
    }

    private mutating func checkMapping(_ mapping: Node.Mapping, _ schema: [String: Any], path: String) {
        let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
        let keys = mapping.keys.compactMap(\.string)
        for key in schema["required"] as? [String] ?? [] where !keys.contains(key) {
            fail(path, "missing required '\(key)'")
        }
        if let min = schema["minProperties"] as? Int, keys.count < min { fail(path, "has fewer than \(min) keys") }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            if let names = schema["propertyNames"] as? [String: Any] { validate(keyNode, against: names, path: childPath) }
            if let property = properties[key] {
                validate(value, against: property, path: childPath)
            } else if let additional = schema["additionalProperties"] as? [String: Any] {
                validate(value, against: additional, path: childPath)
            } else if schema["additionalProperties"] as? Bool == false {
                fail(path.isEmpty ? "profile" : path, "unknown key '\(key)'")
            }
        }
    }

    private func matches(_ node: Node, _ schema: [String: Any]) -> Bool {
        var trial = SchemaValidator(root: root)
        trial.validate(node, against: schema, path: "")
        return trial.problems.isEmpty
    }

    private func hasType(_ node: Node, _ type: String) -> Bool {
        switch (type, node) {
        case ("object", .mapping), ("array", .sequence): true
        case ("string", .scalar): true
        case ("integer", .scalar(let s)): s.style == .plain && Int(s.string) != nil
        case ("boolean", .scalar(let s)): s.style == .plain && (s.string == "true" || s.string == "false")
        default: false
        }
    }

    private mutating func fail(_ path: String, _ message: String) {
        problems.append(path.isEmpty ? message : "\(path): \(message)")
    }
}
