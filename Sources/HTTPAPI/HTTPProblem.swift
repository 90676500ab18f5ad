import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Platform
import Store

/// An error answered as RFC 9457 problem details (`application/problem+json`), with the
/// rule and, where the rule comes from the law, the article.
struct HTTPProblem: Error {
    var status: HTTPResponse.Status
    var problems: [Problem]
    /// Headers the answer carries besides its content type (`Allow`, `Retry-After`).
    var headers = HTTPFields()

    init(_ status: HTTPResponse.Status, _ rule: String, _ message: String, article: String? = nil, place: String? = nil,
         retryAfter seconds: Int? = nil) {
        self.status = status
        problems = [Problem(rule, message, article: article, place: place)]
        if let seconds { headers[.retryAfter] = String(max(1, seconds)) }
    }

    /// 429 with the whole seconds until the client may try again.
    static func tooMany(_ message: String, wait: Duration) -> HTTPProblem {
        let seconds = Int(wait.components.seconds) + (wait.components.attoseconds > 0 ? 1 : 0)
        return HTTPProblem(.tooManyRequests, "rate-limited", "\(message); try again in \(max(1, seconds)) s", retryAfter: seconds)
    }

    /// A platform refusal; places named as command-line options (`--grid`) are named as
    /// the API's fields (`grid`). The acting staff member (`--as` on the command line) is,
    /// over HTTP, whoever the `Authorization` token stands for.
    init(_ status: HTTPResponse.Status, _ error: PlatformError) {
        self.status = status
        problems = error.problems.map { problem in
            var problem = problem
            if problem.place == "--as" {
                problem.place = "Authorization"
            } else if let place = problem.place, place.hasPrefix("--") {
                problem.place = String(place.dropFirst(2)).replacingOccurrences(of: "-", with: "_")
            }
            return problem
        }
    }

    /// The status a refusal of the platform gets.
    static func from(_ error: any Error) -> HTTPProblem {
        switch error {
        case let problem as HTTPProblem: return problem
        case let conflict as StoreConflict: return HTTPProblem(.conflict, "conflict", conflict.description)
        case let error as PlatformError:
            return HTTPProblem(status(of: error.kind), error)
        case let refusal as Refusal:
            let error = PlatformError([Problem(refusal)])
            return HTTPProblem(status(of: error.kind), error)
        default:
            switch DatabaseTrouble(error) {
            case .busy?:
                return HTTPProblem(.serviceUnavailable, "tenant-busy", "the tenant's database is busy with another writer; try again shortly",
                                   retryAfter: 1)
            case .writesRefused?, .damaged?:
                return HTTPProblem(.serviceUnavailable, "tenant-damaged",
                                   "the tenant's database cannot be written now; the operator has been told", retryAfter: 60)
            case nil:
                return HTTPProblem(.internalServerError, "internal", "the server failed; the operator has been told")
            }
        }
    }

    /// The status of a refusal, by its kind; the rule's name plays no part.
    private static func status(of kind: Problem.Kind) -> HTTPResponse.Status {
        switch kind {
        case .invalid: .unprocessableContent
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .stale: .preconditionFailed
        }
    }

    struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var rule: String
        var article: String?
        var field: String?
        var problems: [Problem]
    }

    /// The problem document, encoded.
    var bodyBytes: Data {
        let first = problems.first ?? Problem("error", "error")
        let body = Body(type: "urn:wangge:problem:\(first.rule)", title: status.reasonPhrase, status: status.code,
                        detail: first.message, rule: first.rule, article: first.article, field: first.place, problems: problems)
        return (try? JSON.encoder.encode(body)) ?? Data()
    }

    var response: Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"wangge\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bodyBytes)))
    }
}

/// JSON as the API writes it: field names in snake_case whatever the Swift property is
/// called (the one convention of the API, Open311's as well; keys of dictionaries are data
/// and are left alone), ISO 8601 times, keys in a stable order.
enum JSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:],
                                       cache: ResponseCache? = nil, key: String = "") throws -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        if let cache, let body = cache.value(key) { return Response(status: status, headers: headers, body: .init(byteBuffer: body)) }
        let body = ByteBuffer(bytes: try encoder.encode(value))
        cache?.store(key, body)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}

/// Encoded response bodies by key, for bodies that cannot change under their key (a case's
/// version as one tier sees it).
typealias ResponseCache = LRUCache<String, ByteBuffer>
