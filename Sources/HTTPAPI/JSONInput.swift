import Foundation
import HTTPTypes
import Hummingbird
import Platform

/// A JSON object from a request body, read strictly: a key the endpoint does not know, a
/// value of the wrong type or a missing required value is a 400 naming the field.
struct JSONInput {
    private let object: [String: JSONValue]
    private let path: String

    /// Reads `buffer` as a JSON object with only `keys`.
    init(_ buffer: ByteBuffer, keys: Set<String>) throws {
        guard buffer.readableBytes > 0 else { throw HTTPProblem(.badRequest, "malformed-json", "the request needs a JSON object body") }
        let parsed: JSONValue
        do {
            parsed = try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
        } catch {
            throw HTTPProblem(.badRequest, "malformed-json", "the body is not valid JSON")
        }
        guard case .object(let object) = parsed else { throw HTTPProblem(.badRequest, "malformed-json", "the body must be a JSON object") }
        try self.init(object, keys: keys, path: "")
    }

    private init(_ object: [String: JSONValue], keys: Set<String>, path: String) throws {
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw HTTPProblem(.badRequest, "unknown-field", "unknown field '\(path + unknown)' (fields: \(keys.sorted().joined(separator: ", ")))",
                              place: path + unknown)
        }
        self.object = object
        self.path = path
    }

    private func wrongType(_ key: String, _ type: String) -> HTTPProblem {
        HTTPProblem(.badRequest, "wrong-type", "'\(path + key)' must be \(type)", place: path + key)
    }

    private func value(_ key: String) -> JSONValue? {
        if case .null = object[key] ?? .null { return nil }
        return object[key]
    }

    func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, "a string") }
        return text
    }

    func required(_ key: String) throws -> String {
        guard let text = try string(key) else { throw HTTPProblem(.badRequest, "missing-field", "'\(path + key)' is required", place: path + key) }
        return text
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(key, "true or false") }
        return flag
    }

    func int(_ key: String) throws -> Int? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value, let int = Int(exactly: number) else { throw wrongType(key, "a whole number") }
        return int
    }

    func strings(_ key: String) throws -> [String] {
        guard let value = value(key) else { return [] }
        guard case .array(let list) = value else { throw wrongType(key, "a list of strings") }
        return try list.map { element in
            guard case .string(let text) = element else { throw wrongType(key, "a list of strings") }
            return text
        }
    }

    /// A JSON object of strings, e.g. names by language.
    func stringMap(_ key: String) throws -> [String: String] {
        guard let value = value(key) else { return [:] }
        guard case .object(let map) = value else { throw wrongType(key, "an object of strings") }
        return try map.mapValues { element in
            guard case .string(let text) = element else { throw wrongType(key, "an object of strings") }
            return text
        }
    }

    /// A nested object, read with its own keys.
    func object(_ key: String, keys: Set<String>) throws -> JSONInput? {
        guard let value = value(key) else { return nil }
        guard case .object(let nested) = value else { throw wrongType(key, "an object") }
        return try JSONInput(nested, keys: keys, path: path + key + ".")
    }
}
