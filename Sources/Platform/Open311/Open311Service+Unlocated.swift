import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// A report whose place matched no grid, as staff see it.
public struct UnlocatedReport: Sendable, Encodable {
    public var token: String
    public var receivedAt: Date
    public var serviceCode: String
    public var description: String?
    public var reporter: Reporter
    public var origin: CaseOrigin
    public var status: String
    public var caseId: String?
    public var decidedBy: String?
    public var decidedAt: Date?
    public var decisionNote: String?
}

/// What a token stands for, as the spec's `tokens/{token}` answers: the request's id once
/// the report is filed.
public struct Open311TokenState: Sendable {
    public var token: String
    public var caseId: String?
    public var status: UnlocatedReportRecord.Status
}

extension Open311Service {
    /// Keeps a report whose place matched no grid for the grid offices, after the checks
    /// that do not need a grid (the channel the profile allows, with its article).
    func keepUnlocated(_ submission: Open311Submission, reporter: Reporter, origin: CaseOrigin, at now: Date) throws -> String {
        let profile = try tenant.profile()
        if let start = profile.step(profile.workflow.start) {
            for channel in [reporter.channel, .platform] where !start.channels.contains(channel) {
                throw PlatformError("report-channel", "matters are not reported through '\(channel.rawValue)' here (channels: \(start.channels.map(\.rawValue).joined(separator: ", ")))",
                                    article: profile.cite(start.article), place: "api_key")
            }
        }
        let token = "tk-" + Secrets.random(bytes: 12)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let record = UnlocatedReportRecord(token: token, receivedAt: now, serviceCode: submission.serviceCode, description: submission.description,
                                           reporter: String(decoding: try encoder.encode(reporter), as: UTF8.self),
                                           origin: String(decoding: try encoder.encode(origin), as: UTF8.self))
        try tenant.database.pool.write { try UnlocatedReportStore.insert(record, in: $0) }
        return token
    }

    /// What a token stands for, or nil for a token this tenant never gave.
    public func token(_ token: String) throws -> Open311TokenState? {
        try tenant.database.pool.read { db in
            if let record = try UnlocatedReportStore.report(token: token, in: db) {
                return Open311TokenState(token: token, caseId: record.caseId, status: record.status)
            }
            return nil
        }
    }

    /// Reports waiting for a grid (or all of them), oldest first, for staff of grid offices.
    public func unlocated(status: UnlocatedReportRecord.Status? = .waiting, limit: Int = 200, access: Access) throws -> [UnlocatedReport] {
        try access.requireAdministration("see reports waiting for a grid")
        return try tenant.database.pool.read { db in
            try UnlocatedReportStore.reports(status: status, limit: limit, in: db).map(view)
        }
    }

    /// An office places a waiting report in one of its grids: the case is filed there, as
    /// reported through the client's channel, and the token now answers with its id.
    public func place(_ token: String, grid: String, note: String? = nil, access: Access, at now: Date = Date()) async throws -> CaseView {
        try access.requireAdministration("place reports in grids")
        let record = try waiting(token)
        let reporter = try JSONDecoder().decode(Reporter.self, from: Data(record.reporter.utf8))
        let origin = try JSONDecoder().decode(CaseOrigin.self, from: Data(record.origin.utf8))
        guard let gridId = try gridId(grid), access.gridIds.contains(gridId) else {
            throw PlatformError(.forbidden, "out-of-scope", "grid '\(grid)' is not under the units where \(access.caller.staffId) holds posts", place: "grid")
        }
        let said = [record.description, "（位置未能匹配网格，由网格化工作机构确定网格）"]
        let view = try await tenant.cases.report(item: record.serviceCode, grid: grid, as: Participant.platform.staffId, reporter: reporter,
                                                 note: said.compactMap { $0 }.joined(), origin: origin,
                                                 idempotencyKey: "unlocated:\(token)", at: now)
        var decided = record
        decided.status = .placed
        decided.caseId = view.state.id
        decided.decidedBy = access.caller.staffId
        decided.decidedAt = now
        decided.decisionNote = note
        try store(decided)
        return view
    }

    private func gridId(_ reference: String) throws -> Int64? {
        let profile = try tenant.profile()
        return try tenant.database.pool.read { try OrgRules(profile: profile, db: $0).resolve(reference, place: "grid").id }
    }

    private func store(_ record: UnlocatedReportRecord) throws {
        try tenant.database.pool.write { try UnlocatedReportStore.update(record, in: $0) }
    }

    /// An office answers a waiting report without filing it (the place is outside the
    /// city's grids, say), with its reason.
    public func answer(_ token: String, note: String, access: Access, at now: Date = Date()) throws -> UnlocatedReport {
        try access.requireAdministration("answer reports waiting for a grid")
        guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw PlatformError("missing-field", "say why the report is answered rather than filed", place: "note")
        }
        var record = try waiting(token)
        record.status = .answered
        record.decidedBy = access.caller.staffId
        record.decidedAt = now
        record.decisionNote = note
        try store(record)
        return try view(record)
    }

    private func waiting(_ token: String) throws -> UnlocatedReportRecord {
        guard let record = try tenant.database.pool.read({ try UnlocatedReportStore.report(token: token, in: $0) }) else {
            throw PlatformError(.notFound, "unknown-token", "no report waiting under token '\(token)'", place: "token")
        }
        guard record.status == .waiting else {
            throw PlatformError(.conflict, "report-decided", "the report under token '\(token)' was \(record.status.rawValue) already")
        }
        return record
    }

    private func view(_ record: UnlocatedReportRecord) throws -> UnlocatedReport {
        UnlocatedReport(token: record.token, receivedAt: record.receivedAt, serviceCode: record.serviceCode, description: record.description,
                        reporter: try JSONDecoder().decode(Reporter.self, from: Data(record.reporter.utf8)),
                        origin: try JSONDecoder().decode(CaseOrigin.self, from: Data(record.origin.utf8)),
                        status: record.status.rawValue, caseId: record.caseId, decidedBy: record.decidedBy, decidedAt: record.decidedAt,
                        decisionNote: record.decisionNote)
    }
}
