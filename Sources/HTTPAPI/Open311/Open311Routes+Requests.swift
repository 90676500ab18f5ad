import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Ordinance
import Platform

extension Open311Routes {
    /// A service request as the spec lists its fields, every one present (null, or an
    /// empty element in XML, where unknown). No personal data: the reporter never, the
    /// description only where the reporter agreed to show it.
    struct ServiceRequest: Encodable {
        var serviceRequestId: String
        var status: String
        var statusNotes: String?
        var serviceName: String
        var serviceCode: String
        var description: String?
        var agencyResponsible: String?
        var serviceNotice: String?
        var requestedDatetime: Date
        var updatedDatetime: Date
        var expectedDatetime: Date?
        var address: String?
        var addressId: String?
        var zipcode: String?
        var lat: Double?
        var long: Double?
        var mediaUrl: String?
        var mediaUrls: [String]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: NameKey.self)
            try container.field(serviceRequestId, "service_request_id")
            try container.field(status, "status")
            try container.field(statusNotes, "status_notes")
            try container.field(serviceName, "service_name")
            try container.field(serviceCode, "service_code")
            try container.field(description, "description")
            try container.field(agencyResponsible, "agency_responsible")
            try container.field(serviceNotice, "service_notice")
            try container.field(requestedDatetime, "requested_datetime")
            try container.field(updatedDatetime, "updated_datetime")
            try container.field(expectedDatetime, "expected_datetime")
            try container.field(address, "address")
            try container.field(addressId, "address_id")
            try container.field(zipcode, "zipcode")
            try container.field(lat, "lat")
            try container.field(long, "long")
            try container.field(mediaUrl, "media_url")
            try container.encodeList(mediaUrls, forKey: "media_urls", item: "media_url", xml: encoder.userInfo[Open311Format.xmlKey] != nil)
        }
    }

    /// A case as a service request. Its last change is when it ended or its pending steps
    /// became pending; a description the reporter let be shown is the report's note
    /// (`told`, read only for such cases).
    static func serviceRequest(_ view: CaseView, profile: Profile, told: String?) -> ServiceRequest {
        let state = view.state
        let origin = state.origin
        let notes: String
        if state.status == .open {
            notes = view.pending.map(\.name).joined(separator: "/")
        } else {
            notes = [profile.step(state.position)?.name.description, state.status.rawValue].compactMap { $0 }.joined(separator: "：")
        }
        let updated = [state.endedAt, state.pendingSince, state.reportedAt].compactMap { $0 }.max() ?? state.reportedAt
        return ServiceRequest(
            serviceRequestId: state.id, status: state.status == .open ? "open" : "closed", statusNotes: notes,
            serviceName: view.itemName, serviceCode: state.item, description: told,
            agencyResponsible: state.lead.map { profile.department($0)?.name.description ?? $0 },
            serviceNotice: view.pending.first?.article, requestedDatetime: state.reportedAt,
            updatedDatetime: updated, expectedDatetime: state.status == .open ? state.dueAt : nil,
            address: origin?.address ?? view.gridName, addressId: origin?.addressId ?? view.gridCode, zipcode: nil,
            lat: origin?.lat, long: origin?.long, mediaUrl: origin?.media.first, mediaUrls: origin?.media ?? [])
    }

    static func list(_ values: String?) -> [String]? {
        values.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Requests as the spec filters them: `service_request_id` (a comma list) overrides
    /// every other filter; otherwise `service_code` and `status` (comma lists), and a
    /// window from `start_date` to `end_date` (both included, to the second) that is the
    /// last 90 days when not given; up to 1,000 a page (`page_size`), newest first, `page`
    /// for the rest.
    @Sendable static func requests(_ call: Call) async throws -> Response {
        let zone = try timeZone(call)
        let pageSize = try call.intQuery("page_size", default: 1000, range: 1...1000)
        let page = try call.intQuery("page", default: 1, range: 1...100_000)
        let ids = list(call.query("service_request_id"))
        var statuses: [CaseState.Status]?
        if let asked = list(call.query("status")) {
            statuses = try asked.flatMap { status -> [CaseState.Status] in
                switch status.lowercased() {
                case "open": return [.open]
                case "closed": return [.closed, .rejected, .answered]
                default: throw HTTPProblem(.badRequest, "invalid-query", "'status' is open, closed, or both: open,closed", place: "status")
                }
            }
        }
        let end = try call.query("end_date").map { try date($0, "end_date", zone) } ?? call.now
        let start = try call.query("start_date").map { try date($0, "start_date", zone) } ?? end.addingTimeInterval(-90 * 86_400)
        guard start <= end else { throw HTTPProblem(.badRequest, "invalid-query", "'start_date' is after 'end_date'", place: "start_date") }
        let codes = list(call.query("service_code"))
        let views = try call.tenant.cases.list(limit: pageSize, offset: (page - 1) * pageSize, refine: { filter in
            filter.newestFirst = true
            if let ids {
                filter.ids = ids
                return
            }
            filter.statuses = statuses
            filter.items = codes
            filter.reportedFrom = start
            // Inclusive to the second: a request made at 08:00:00.4 is in a window ending 08:00:00.
            filter.reportedBefore = Date(timeIntervalSince1970: end.timeIntervalSince1970.rounded(.down) + 1)
        })
        return try format(call).response(try publicRequests(views, call: call), root: "service_requests", item: "request", timeZone: zone)
    }

    /// Cases as public service requests, the report's note read only where the reporter
    /// agreed to show it.
    static func publicRequests(_ views: [CaseView], call: Call) throws -> [ServiceRequest] {
        let profile = try call.tenant.profile()
        return try views.map { view in
            let told = view.state.origin?.publicDescription == true ? try call.tenant.cases.view(view.state.id).history?.first?.note : nil
            return serviceRequest(view, profile: profile, told: told)
        }
    }

    /// One request, as a one-element list as the spec has it.
    @Sendable static func request(_ call: Call) async throws -> Response {
        let id = call.parameter("id")
        let views = try call.tenant.cases.list(limit: 1, refine: { $0.ids = [id] })
        guard !views.isEmpty else { throw HTTPProblem(.notFound, "unknown-case", "no service request '\(id)'", place: "service_request_id") }
        return try format(call).response(try publicRequests(views, call: call), root: "service_requests", item: "request", timeZone: try timeZone(call))
    }

    static func date(_ text: String, _ field: String, _ zone: TimeZone) throws -> Date {
        guard let date = Open311Format.parse(text, timeZone: zone) else {
            throw HTTPProblem(.badRequest, "invalid-query", "'\(field)' is a W3C date-time, e.g. 2026-11-23T08:00:00+08:00", place: field)
        }
        return date
    }

    /// A token's request: its id once an office has placed the report, empty before.
    struct TokenAnswer: Encodable {
        var serviceRequestId: String?
        var token: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: NameKey.self)
            try container.field(serviceRequestId, "service_request_id")
            try container.field(token, "token")
        }
    }

    @Sendable static func token(_ call: Call) async throws -> Response {
        let token = call.parameter("token")
        guard let state = try call.tenant.open311.token(token) else {
            throw HTTPProblem(.notFound, "unknown-token", "no request under token '\(token)'", place: "token")
        }
        return try format(call).response([TokenAnswer(serviceRequestId: state.caseId, token: token)], root: "service_requests", item: "request",
                                         timeZone: try timeZone(call))
    }
}
