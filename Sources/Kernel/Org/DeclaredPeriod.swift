import Foundation
import Ordinance

/// A period the profile provides, declared and later ended by the body it names (an
/// emergency response, flood season, a major event). While it is declared, its time limits
/// apply to the steps and items it names.
public struct DeclaredPeriod: ProcedureState {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case declared, ended
    }

    public var id: String
    public var profileVersion: Day
    /// The profile's period key.
    public var period: String
    public var status: Status
    public var declaredAt: Date
    public var endedAt: Date?
    public var version: Int

    public init(id: String, profileVersion: Day, period: String, declaredAt: Date) {
        self.id = id
        self.profileVersion = profileVersion
        self.period = period
        self.status = .declared
        self.declaredAt = declaredAt
        self.version = 0
    }

    public func applying(_ event: ProcedureEvent<DeclaredPeriod>) -> DeclaredPeriod {
        var next = self
        if let status = event.status.flatMap(Status.init(rawValue:)) {
            next.status = status
            if status == .ended { next.endedAt = event.at }
        }
        next.version += 1
        return next
    }
}

/// What someone asks of a period.
public enum PeriodCommand: Sendable, Equatable {
    case declare(DeclaredPeriod, note: String?)
    case end(note: String?)

    public var name: String {
        switch self {
        case .declare: "declare"
        case .end: "end"
        }
    }
}

extension Kernel {
    /// The events `command` produces on a period (nil for a new declaration), or a refusal.
    /// `inForce`: whether the same period is already declared and not ended.
    public func decide(_ command: PeriodCommand, on declared: DeclaredPeriod?, inForce: Bool = false, by actor: Participant,
                       at now: Date) throws -> [ProcedureEvent<DeclaredPeriod>] {
        let key = declared?.period ?? { if case .declare(let new, _) = command { new.period } else { "" } }()
        guard let period = profile.periods.first(where: { $0.key == key }) else {
            let known = profile.periods.map(\.key).joined(separator: ", ")
            throw Refusal(.notFound, "unknown-period", "this profile provides no period '\(key)' (periods: \(known.isEmpty ? "none" : known))")
        }
        let basis: String? = switch period.source {
        case .law(let article): cite(article)
        case .local(let source): "local: \(source)"
        case nil: nil
        }
        // Any unit of the declaring body's level: a period is declared for the whole tenant.
        if let body = period.declaredBy {
            let roles = Set(profile.roles(actingFor: body).map(\.key))
            if !actor.posts.contains(where: { roles.contains($0.role) && $0.level == body.level }) {
                let names = profile.roles(actingFor: body).map(\.name.description).joined(separator: " or ")
                let level = profile.level(body.level)?.name.description ?? body.level
                throw Refusal(.forbidden, "actor-role", "\(actor.name) (\(actor.staffId)) is not \(names.isEmpty ? "one acting for the \(body.body.rawValue)" : names) at \(level), who may declare or end \(period.name)",
                              article: basis)
            }
        }
        switch command {
        case .declare(let new, let note):
            guard declared == nil else { throw Refusal(.conflict, "period-exists", "\(new.id) already exists") }
            guard !inForce else { throw Refusal(.conflict, "period-in-force", "\(period.name) is already declared", article: basis) }
            var opened = new
            opened.declaredAt = now
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: note, article: basis, opened: opened)]
        case .end(let note):
            guard let declared, declared.status == .declared else {
                throw Refusal(.conflict, "period-ended", "\(period.name) is not declared now", article: basis)
            }
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: note, article: basis,
                                   status: DeclaredPeriod.Status.ended.rawValue)]
        }
    }
}
