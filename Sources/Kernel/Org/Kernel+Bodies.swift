import Foundation
import Ordinance

/// Who acts for a body the profile names (a level's grid office or government) over a
/// place: the holders of a role acting for it, posted at the place's unit of that level.
extension Kernel {
    /// Whether the actor acts for the body over the place whose units by level are `units`.
    public func acts(_ actor: Participant, for procedure: Procedure, units: [String: Int64]) -> Bool {
        guard let unitId = units[procedure.level] else { return false }
        let roles = Set(profile.roles(actingFor: procedure).map(\.key))
        return actor.posts.contains { roles.contains($0.role) && $0.unitId == unitId }
    }

    /// Refuses an actor who does not act for the body, naming the roles and the unit, and the article.
    func requireBody(_ actor: Participant, _ procedure: Procedure, units: [String: Int64], names: [Int64: String],
                     over subject: String, toDo what: String) throws {
        try requireAnyBody(actor, [procedure], units: units, names: names, over: subject, toDo: what)
    }

    /// Refuses an actor who acts for none of the bodies.
    /// `subject` names what is acted on, for the refusal where no unit of the body's level lies above it.
    func requireAnyBody(_ actor: Participant, _ procedures: [Procedure], units: [String: Int64], names: [Int64: String],
                        over subject: String, toDo what: String) throws {
        if procedures.contains(where: { acts(actor, for: $0, units: units) }) { return }
        let wanted = procedures.map { procedure -> String in
            let levelName = profile.level(procedure.level)?.name.description ?? procedure.level
            let roles = profile.roles(actingFor: procedure)
            let who = roles.isEmpty ? "anyone acting for the \(procedure.body.rawValue)" : roles.map(\.name.description).joined(separator: " or ")
            return "\(who) at \(units[procedure.level].flatMap { names[$0] } ?? levelName)"
        }
        if let first = procedures.first, procedures.allSatisfy({ units[$0.level] == nil }) {
            let levelName = profile.level(first.level)?.name.description ?? first.level
            throw Refusal("no-acting-body", "no \(levelName) lies above \(subject), so no body may \(what) here", article: cite(first.article))
        }
        throw Refusal(.forbidden, "actor-role", "\(actor.name) (\(actor.staffId)) is not \(wanted.joined(separator: " or ")), who may \(what)",
                      article: cite(procedures.first?.article))
    }
}

extension Dictionary where Key == String, Value == String {
    /// Unit names keyed by unit id as text (how procedures store them, so they encode as an
    /// object), keyed by the id itself.
    var byUnitId: [Int64: String] {
        Dictionary<Int64, String>(compactMap { key, name in Int64(key).map { ($0, name) } }, uniquingKeysWith: { a, _ in a })
    }
}
