import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Ordinance
import Platform

extension Open311Routes {
    /// One change of a request, as FixMyStreet's `servicerequestupdates` extension reads
    /// it: its status in the extended set (OPEN, INVESTIGATING, ACTION_SCHEDULED,
    /// IN_PROGRESS, INTERNAL_REFERRAL, FIXED, NOT_COUNCILS_RESPONSIBILITY, CLOSED, REOPEN…)
    /// mapped from the kernel's step, and a public description: the step's name and
    /// article, never a note staff wrote (it may name people).
    struct RequestUpdate: Encodable {
        var updateId: String
        var serviceRequestId: String
        var status: String
        var updatedDatetime: Date
        var description: String
        var externalStatusCode: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: NameKey.self)
            try container.field(updateId, "update_id")
            try container.field(serviceRequestId, "service_request_id")
            try container.field(status, "status")
            try container.field(updatedDatetime, "updated_datetime")
            try container.field(description, "description")
            try container.field(String?.none, "media_url")
            try container.field(externalStatusCode, "external_status_code")
        }
    }

    /// The extended status an event leaves its request in.
    static func extendedStatus(_ update: CaseUpdate) -> String {
        switch update.event.effects.status ?? update.event.effects.opened?.status {
        case .closed?: return update.step?.kind == .resolveOnSite || update.step?.kind == .close ? "FIXED" : "CLOSED"
        case .rejected?, .answered?: return "NOT_COUNCILS_RESPONSIBILITY"
        default: break
        }
        if update.event.kind == "reopen" { return "REOPEN" }
        switch update.step?.kind {
        case .report?: return update.event.effects.opened?.item.isEmpty == true ? "FOR_TRIAGE" : "OPEN"
        case .accept?, .triage?: return "INVESTIGATING"
        case .dispatch?, .meeting?: return "ACTION_SCHEDULED"
        case .escalate?, .refer?, .return?: return "INTERNAL_REFERRAL"
        default: return "IN_PROGRESS"
        }
    }

    /// Changes of every request between `start_date` and `end_date` (both included; the
    /// last day when not given), oldest first, up to 1,000 a page (`page_size`, `page`).
    @Sendable static func updates(_ call: Call) async throws -> Response {
        let zone = try timeZone(call)
        let pageSize = try call.intQuery("page_size", default: 1000, range: 1...1000)
        let page = try call.intQuery("page", default: 1, range: 1...100_000)
        let end = try call.query("end_date").map { try date($0, "end_date", zone) } ?? call.now
        let start = try call.query("start_date").map { try date($0, "start_date", zone) } ?? end.addingTimeInterval(-86_400)
        guard start <= end else { throw HTTPProblem(.badRequest, "invalid-query", "'start_date' is after 'end_date'", place: "start_date") }
        let through = Date(timeIntervalSince1970: end.timeIntervalSince1970.rounded(.down) + 0.999_999)
        let updates = try call.tenant.cases.updates(from: start, to: through, limit: pageSize, offset: (page - 1) * pageSize).map { update in
            let step = update.step?.name.description ?? (update.event.kind == "supervise" ? "督办" : update.event.kind)
            return RequestUpdate(updateId: "\(update.caseId)-\(update.seq)", serviceRequestId: update.caseId, status: extendedStatus(update),
                                 updatedDatetime: update.event.at, description: update.event.article.map { "\(step)（\($0)）" } ?? step,
                                 externalStatusCode: update.event.kind)
        }
        return try format(call).response(updates, root: "service_request_updates", item: "request_update", timeZone: zone)
    }
}
