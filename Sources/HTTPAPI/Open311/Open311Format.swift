import Foundation
import HTTPTypes
import Hummingbird
import XMLCoder

/// The two formats of GeoReport v2, chosen by the path's extension: XML (the spec's
/// required format, written with XMLCoder) and JSON. A list is a bare JSON array and, in
/// XML, a root element holding one element per entry (`<services><service>…`).
enum Open311Format: String {
    case xml, json

    init(path: String) {
        self = path.lowercased().hasSuffix(".xml") ? .xml : .json
    }

    var contentType: String { self == .xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8" }

    /// Whether an encoder is writing XML (types whose lists nest differently in XML ask).
    static let xmlKey = CodingUserInfoKey(rawValue: "open311.xml")!

    /// A list as a document: `root` holding an `item` element per entry.
    func response<T: Encodable>(_ entries: [T], root: String, item: String, timeZone: TimeZone, status: HTTPResponse.Status = .ok) throws -> Response {
        switch self {
        case .json: return try respond(try jsonEncoder(timeZone).encode(entries), status: status)
        case .xml: return try respond(try xml(XMLList(entries: entries, item: item), root: root, timeZone: timeZone), status: status)
        }
    }

    /// One object as a document: `root` in XML, the bare object in JSON.
    func response<T: Encodable>(_ value: T, root: String, timeZone: TimeZone, status: HTTPResponse.Status = .ok) throws -> Response {
        switch self {
        case .json: return try respond(try jsonEncoder(timeZone).encode(value), status: status)
        case .xml: return try respond(try xml(value, root: root, timeZone: timeZone), status: status)
        }
    }

    /// The spec's error document: a list of `{code, description}`.
    func errors(_ errors: [Open311Error], status: HTTPResponse.Status) -> Response {
        let utc = TimeZone(identifier: "UTC")!
        let body: Data
        switch self {
        case .json: body = (try? jsonEncoder(utc).encode(errors)) ?? Data("[]".utf8)
        case .xml: body = (try? xml(XMLList(entries: errors, item: "error"), root: "errors", timeZone: utc)) ?? Data("<errors/>".utf8)
        }
        return (try? respond(body, status: status)) ?? Response(status: status)
    }

    /// A response from a body already encoded in this format.
    func respond(cached body: ByteBuffer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// A list encoded as `response(_:root:item:)` would send it, for caching.
    func encode<T: Encodable>(_ entries: [T], root: String, item: String, timeZone: TimeZone) throws -> ByteBuffer {
        switch self {
        case .json: ByteBuffer(bytes: try jsonEncoder(timeZone).encode(entries))
        case .xml: ByteBuffer(bytes: try xml(XMLList(entries: entries, item: item), root: root, timeZone: timeZone))
        }
    }

    private func respond(_ body: Data, status: HTTPResponse.Status) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private func jsonEncoder(_ timeZone: TimeZone) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.w3c(date, timeZone))
        }
        return encoder
    }

    private func xml<T: Encodable>(_ value: T, root: String, timeZone: TimeZone) throws -> Data {
        let encoder = XMLEncoder()
        encoder.userInfo[Self.xmlKey] = true
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.w3c(date, timeZone))
        }
        return try encoder.encode(value, withRootKey: root, header: XMLHeader(version: 1.0, encoding: "utf-8"))
    }

    /// A time as the spec writes it (W3C, ISO 8601 with the offset), in the city's time zone.
    static func w3c(_ date: Date, _ timeZone: TimeZone) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: timeZone))
    }

    /// A time as a client may send it: W3C/ISO 8601, with or without fractional seconds,
    /// with an offset or `Z`; a date alone is its day's start in the city's time zone.
    static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "+")
        for style in [Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle()] {
            if let date = try? style.parse(trimmed) { return date }
        }
        if let day = try? Date.ISO8601FormatStyle(timeZone: timeZone).year().month().day().parse(trimmed) { return day }
        return nil
    }
}

/// One error of the spec's list.
struct Open311Error: Encodable {
    var code: Int
    var description: String
}

/// Entries under one element name each, for XML documents.
struct XMLList<T: Encodable>: Encodable {
    var entries: [T]
    var item: String

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        try container.encode(entries, forKey: NameKey(item))
    }
}

/// A coding key from a name.
struct NameKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedEncodingContainer where Key == NameKey {
    /// A list of strings: a JSON array, or in XML an element holding one `item` element per entry.
    mutating func encodeList(_ values: [String], forKey key: String, item: String, xml: Bool) throws {
        if xml {
            var nested = nestedContainer(keyedBy: NameKey.self, forKey: NameKey(key))
            try nested.encode(values, forKey: NameKey(item))
        } else {
            try encode(values, forKey: NameKey(key))
        }
    }

    /// A field the spec lists, written even when unknown (null in JSON, empty in XML).
    mutating func field<T: Encodable>(_ value: T?, _ key: String) throws {
        if let value { try encode(value, forKey: NameKey(key)) } else { try encodeNil(forKey: NameKey(key)) }
    }
}

extension HTTPProblem {
    /// The refusal as GeoReport v2 errors: 400 for bad input (whatever rule it broke), 403
    /// for a missing or wrong key, 404 for an unknown resource; limits and outages keep
    /// their status and `Retry-After`. Each description names the rule and, where the rule
    /// is law, the article.
    func open311Response(_ format: Open311Format) -> Response {
        let status: HTTPResponse.Status
        switch self.status {
        case .unauthorized, .forbidden: status = .forbidden
        case .notFound: status = .notFound
        case .methodNotAllowed, .tooManyRequests, .serviceUnavailable, .internalServerError, .contentTooLarge, .unsupportedMediaType: status = self.status
        default: status = .badRequest
        }
        let errors = problems.map { problem in
            var text = problem.message
            if let place = problem.place { text = "\(place): " + text }
            text += " [\(problem.rule)]"
            if let article = problem.article { text += " — \(article)" }
            return Open311Error(code: status.code, description: text)
        }
        var response = format.errors(errors, status: status)
        for field in headers { response.headers.append(field) }
        return response
    }
}
