import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// Periods the profile provides, declared and ended by the body it names, archived. While
/// one is declared, cases reported or moved on get its time limits.
public struct PeriodService: Sendable {
    let tenant: Tenant
    static let kind = "period"

    /// Declares `period` (its key in the profile) as `staffId`.
    public func declare(_ period: String, note: String? = nil, as staffId: String, at now: Date = Date()) throws -> DeclaredPeriod {
        let kernel = try tenant.currentKernel(at: now)
        let tenant = self.tenant
        return try tenant.database.pool.write { db in
            let day = kernel.calendar.day(of: now)
            let actor = try tenant.participant(staffId, on: day, in: db)
            let inForce = try Self.inForce(in: db).contains(period)
            let id = try ProcedureStore.nextId(prefix: "QJ", year: day.year, in: db)
            let new = DeclaredPeriod(id: id, profileVersion: kernel.profile.ordinance.effective!, period: period, declaredAt: now)
            let events = try tenant.refusing { try kernel.decide(.declare(new, note: note), on: nil, inForce: inForce, by: actor, at: now) }
            return try record(events, on: nil, in: db)
        }
    }

    /// Ends the declared period `id`.
    public func end(_ id: String, note: String? = nil, as staffId: String, at now: Date = Date()) throws -> DeclaredPeriod {
        let tenant = self.tenant
        return try tenant.database.pool.write { db in
            guard let declared = try ProcedureStore.load(id, kind: Self.kind, as: DeclaredPeriod.self, in: db) else {
                throw PlatformError(.notFound, "unknown-period", "no declared period '\(id)'")
            }
            let kernel = try tenant.kernel(for: declared.profileVersion)
            let actor = try tenant.participant(staffId, on: kernel.calendar.day(of: now), in: db)
            let events = try tenant.refusing { try kernel.decide(.end(note: note), on: declared, by: actor, at: now) }
            return try record(events, on: declared, in: db)
        }
    }

    /// Declarations, newest first.
    public func list(status: DeclaredPeriod.Status? = nil) throws -> [DeclaredPeriod] {
        try tenant.database.pool.read { try ProcedureStore.list(kind: Self.kind, status: status?.rawValue, as: DeclaredPeriod.self, in: $0) }
    }

    /// The keys of the periods declared and not ended.
    static func inForce(in db: Database) throws -> Set<String> {
        Set(try ProcedureStore.list(kind: kind, status: DeclaredPeriod.Status.declared.rawValue, as: DeclaredPeriod.self, in: db).map(\.period))
    }

    private func record(_ events: [ProcedureEvent<DeclaredPeriod>], on previous: DeclaredPeriod?, in db: Database) throws -> DeclaredPeriod {
        guard let state = DeclaredPeriod.replay(events, from: previous) else { throw PlatformError("kernel", "the period produced no state") }
        try ProcedureStore.append(events, kind: Self.kind, status: state.status.rawValue, subject: state.period,
                                  resulting: state, previous: previous, at: state.declaredAt, in: db)
        return state
    }
}

extension Tenant {
    /// Declared periods (emergency response, flood season …).
    public var periods: PeriodService { PeriodService(tenant: self) }

    /// The kernel with the periods declared now: their time limits apply to what it decides.
    func withPeriods(_ kernel: Kernel, in db: Database) throws -> Kernel {
        guard !kernel.profile.periods.isEmpty else { return kernel }
        var kernel = kernel
        kernel.periods = try PeriodService.inForce(in: db)
        return kernel
    }
}
