import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// One change of a case as followers of many cases see it: the event, and the step it
/// performed under the case's own profile version.
public struct CaseUpdate: Sendable {
    public var caseId: String
    public var seq: Int
    public var event: CaseEvent
    public var step: Step?
}

extension CaseService {
    /// Every case's events archived between two times (both included), oldest first, with
    /// the steps they performed; for Open311's updates.
    public func updates(from: Date, to: Date, limit: Int, offset: Int) throws -> [CaseUpdate] {
        let tenant = self.tenant
        return try tenant.database.pool.read { db in
            var profiles: [String: Profile] = [:]
            return try CaseStore.events(from: from, to: to, limit: limit, offset: offset, in: db).map { caseId, seq, event in
                var profile = profiles[caseId]
                if profile == nil, let version = try CaseStore.profileVersion(of: caseId, in: db).flatMap(Day.init) {
                    profile = try tenant.kernel(for: version).profile
                    profiles[caseId] = profile
                }
                return CaseUpdate(caseId: caseId, seq: seq, event: event, step: event.step.flatMap { profile?.step($0) })
            }
        }
    }
}
