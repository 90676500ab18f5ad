import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Ordinance
import Platform

/// Cases: list, report, show, history, act. Handlers only translate HTTP to the
/// platform's services, which check the law, the caller's scope and their tier.
enum CaseRoutes {
    static let base = "/t/{tenant}/api/v1/cases"

    static var all: [Route] {
        [
            Route(.get, base, auth: .staff, list).heavyWork,
            Route(.post, base, auth: .staff, report),
            Route(.get, base + "/{id}", auth: .staff, show),
            Route(.get, base + "/{id}/history", auth: .staff, history),
            Route(.post, base + "/{id}/actions", auth: .staff, act),
        ]
    }

    @Sendable static func list(_ call: Call) async throws -> Response {
        let status = try call.choiceQuery("status", CaseState.Status.self)
        let limit = try call.intQuery("limit", default: 50, range: 1...500)
        let offset = try call.intQuery("offset", default: 0, range: 0...10_000_000)
        let cases = try await call.tenant.cases.list(status: status, grid: call.query("grid"), department: call.query("department"),
                                          item: call.query("item"), overdue: try call.boolQuery("overdue"), limit: limit, offset: offset, for: try call.access())
        return try JSON.response(Page(items: cases, limit: limit, offset: offset))
    }

    static let reportKeys: Set<String> = ["item", "grid", "channel", "reporter", "category", "emergency", "note"]

    @Sendable static func report(_ call: Call) async throws -> Response {
        let input = try call.json(keys: reportKeys)
        let channelText = try input.string("channel") ?? "worker"
        guard let channel = Step.Channel(rawValue: channelText) else {
            throw HTTPProblem(.badRequest, "invalid-value", "'channel' is one of: \(Step.Channel.allCases.map(\.rawValue).joined(separator: ", "))", place: "channel")
        }
        let person = try input.object("reporter", keys: ["name", "phone", "id_number"])
        let reporter = Reporter(channel: channel, name: try person?.string("name"), phone: try person?.string("phone"),
                                idNumber: try person?.string("id_number"))
        let key = call.request.headers[.idempotencyKey]
        if let key, key.isEmpty || key.count > 200 {
            throw HTTPProblem(.badRequest, "invalid-header", "Idempotency-Key is 1 to 200 characters", place: "Idempotency-Key")
        }
        let caller = try call.requireCaller
        // A matter not in the catalogue names no item, where the profile triages such matters.
        let item = try call.tenant.profile().takesUnlistedReports ? try input.string("item") ?? "" : try input.required("item")
        let view = try await call.tenant.cases.report(item: item, grid: try input.required("grid"), as: caller.staffId,
                                          reporter: reporter, category: try input.string("category"), emergency: try input.bool("emergency") ?? false,
                                          note: try input.string("note"), idempotencyKey: key, at: call.now)
        let shown = try await call.tenant.cases.view(view.state.id, history: false, for: try call.access(), at: call.now)
        var headers = etag(shown.state)
        headers[.location] = "/t/\(call.tenant.key)/api/v1/cases/\(view.state.id)"
        // A case reported now is new; one reported earlier was returned for a retried key.
        return try JSON.response(shown, status: view.state.reportedAt == call.now ? .created : .ok, headers: headers)
    }

    @Sendable static func show(_ call: Call) async throws -> Response {
        let access = try call.access()
        let view = try await call.tenant.cases.view(call.parameter("id"), history: false, for: access, at: call.now)
        if let match = call.request.headers[.ifNoneMatch], match == etag(view.state)[.eTag] {
            return Response(status: .notModified, headers: etag(view.state))
        }
        // A version of a case looks the same to every caller of the same tier: encode it once.
        let key = call.tenant.key + "|" + view.state.id + "|" + String(view.state.version) + "|" + view.gridCode + "|" + access.tierKey
        return try JSON.response(view, headers: etag(view.state), cache: call.responses, key: key)
    }

    @Sendable static func history(_ call: Call) async throws -> Response {
        let view = try await call.tenant.cases.view(call.parameter("id"), for: try call.access(), at: call.now)
        return try JSON.response(view.history ?? [], headers: etag(view.state))
    }

    static let actionKeys: Set<String> = ["action", "note", "reason", "lead", "participants", "unit", "result", "passed", "item", "step", "rating"]

    @Sendable static func act(_ call: Call) async throws -> Response {
        let input = try call.json(keys: actionKeys)
        let command = try Self.command(input)
        let expected = try call.request.headers[.ifMatch].map(version(fromETag:))
        let access = try call.access()
        let view = try await call.tenant.cases.act(call.parameter("id"), command, for: access, expectedVersion: expected, at: call.now)
        let shown = try await call.tenant.cases.view(view.state.id, history: false, for: access, at: call.now)
        return try JSON.response(shown, headers: etag(shown.state))
    }

    /// The kernel command an action body asks for.
    static func command(_ input: JSONInput) throws -> Command {
        let action = try input.required("action")
        func required(_ key: String) throws -> String { try input.required(key) }
        switch action {
        case "resolve_on_site": return .resolveOnSite(note: try input.string("note"))
        case "accept": return .accept(note: try input.string("note"))
        case "reject": return .reject(reason: try required("reason"))
        case "dispatch": return .dispatch(lead: try required("lead"), participants: try input.strings("participants"), note: try input.string("note"))
        case "escalate": return .escalate(note: try input.string("note"))
        case "handle": return .handle(unit: try required("unit"), result: try required("result"))
        case "feed_back": return .feedBack(note: try required("note"))
        case "verify":
            guard let passed = try input.bool("passed") else { throw HTTPProblem(.badRequest, "missing-field", "'passed' is required", place: "passed") }
            return .verify(passed: passed, note: try input.string("note"))
        case "close": return .close(note: try input.string("note"))
        case "return": return .returnCase(reason: try required("reason"))
        case "reopen": return .reopen(reason: try required("reason"))
        case "triage": return .triage(item: try input.string("item"), entry: nil, note: try input.string("note"))
        case "refer": return .refer(note: try input.string("note"))
        case "skip": return .skip(step: try required("step"), reason: try required("reason"))
        case "rate": return .rate(rating: try required("rating"), note: try input.string("note"))
        case "review": return .requestReview(reason: try required("reason"))
        case "record_meeting":
            return .recordMeeting(lead: try required("lead"), participants: try input.strings("participants"), decision: try required("note"))
        default:
            throw HTTPProblem(.badRequest, "invalid-value", "'action' is one of: \(actions.joined(separator: ", "))", place: "action")
        }
    }

    static let actions = ["resolve_on_site", "accept", "reject", "dispatch", "escalate", "handle", "feed_back", "verify", "close", "return", "reopen", "triage", "refer", "record_meeting", "skip", "rate", "review"]

    /// `ETag: "v<version>"`: send it back as `If-Match` to act only on the version you read.
    static func etag(_ state: CaseState) -> HTTPFields {
        var headers = HTTPFields()
        headers[.eTag] = "\"v\(state.version)\""
        return headers
    }

    static func version(fromETag text: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))
        guard trimmed.hasPrefix("v"), let version = Int(trimmed.dropFirst()) else {
            throw HTTPProblem(.badRequest, "invalid-header", "If-Match is the ETag of the case as read, e.g. \"v3\"", place: "If-Match")
        }
        return version
    }
}

/// A page of a list.
struct Page<T: Encodable>: Encodable {
    var items: [T]
    var limit: Int
    var offset: Int
}

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
