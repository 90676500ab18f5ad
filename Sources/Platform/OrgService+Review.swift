import Foundation
import GRDB
import Ordinance
import Store

/// A grid as its office reviews it: its size and staff, and every rule of the profile it
/// breaks today (too few or too many staff of a role, households outside the size rules).
public struct GridReview: Sendable, Encodable {
    public var code: String
    public var name: String
    public var kind: String
    public var households: Int
    public var area: String
    public var staff: [Member]
    public var findings: [Problem]

    public struct Member: Sendable, Encodable {
        public var id: String
        public var name: String
        public var role: String
    }
}

extension OrgService {
    /// Every grid with its staff on `day` and what the profile's rules find wrong with it:
    /// a role's count per grid (e.g. 每网格 1 名专职网格员), the staffing rules over several roles
    /// (Yongzhou 第七条: a 网格员 of either kind), and the kind's size rules. These
    /// are findings, not refusals: they tell an office what to fix.
    public func review(on day: Day = .today()) throws -> [GridReview] {
        let profile = try tenant.profile(on: day)
        let counted = profile.roles.filter { $0.perGrid != nil && $0.at.contains(profile.grids.level) }
        let rolesAtGrids = profile.roles.filter { $0.at.contains(profile.grids.level) }.map(\.key)
        return try tenant.database.pool.read { db in
            try OrgStore.grids(in: db).map { unit, grid in
                let serving = try StaffStore.serving(at: unit.id!, roles: rolesAtGrids, on: day.description, in: db)
                var findings: [Problem] = []
                for role in counted {
                    guard let count = role.perGrid else { continue }
                    let held = serving.filter { $0.role == role.key }.count
                    if held < count.min {
                        findings.append(Problem("grid-understaffed", "\(unit.name) has \(held) \(role.name) (at least \(count.min))",
                                                article: profile.cite(count.article ?? role.article), place: grid.code, severity: .warning))
                    } else if let max = count.max, held > max {
                        findings.append(Problem("grid-overstaffed", "\(unit.name) has \(held) \(role.name) (at most \(max))",
                                                article: profile.cite(count.article ?? role.article), place: grid.code, severity: .warning))
                    }
                }
                for rule in profile.grids.staffing {
                    let held = serving.filter { rule.roles.contains($0.role) }.count
                    guard held < rule.min else { continue }
                    let names = rule.roles.map { profile.role($0)?.name.description ?? $0 }.joined(separator: " or ")
                    findings.append(Problem("grid-understaffed", "\(unit.name) has \(held) \(names) (at least \(rule.min) in all)",
                                            article: profile.cite(rule.article), place: grid.code, severity: .warning))
                }
                // 不超过…周岁 holds during service too: one who has passed the age is reported.
                for holder in serving {
                    guard let role = profile.role(holder.role), let rule = role.eligibility, let maxAge = rule.maxAge,
                          let birth = holder.person.birthDate.flatMap(Day.init) else { continue }
                    let age = birth.years(until: day)
                    if age > maxAge {
                        findings.append(Problem("over-age", "\(holder.person.name) (\(holder.person.id)) is \(age); \(role.name) serves up to \(maxAge)",
                                                article: StaffRules.cite(rule.article, reading: rule.reading, profile: profile), place: grid.code,
                                                severity: .warning))
                    }
                }
                let kind = profile.grids.kinds.first { $0.key == grid.kind }
                for rule in kind?.sizeRules ?? [] where rule.area == "any" || rule.area == grid.area {
                    guard let range = rule.range, !range.contains(grid.households) else { continue }
                    findings.append(Problem("grid-size", "\(kind?.name.description ?? grid.kind) (\(rule.area)) should have \(range.lowerBound)–\(range.upperBound) households; \(unit.name) has \(grid.households)",
                                            article: profile.cite(rule.article), place: grid.code, severity: .warning))
                }
                return GridReview(code: grid.code, name: unit.name, kind: kind?.name.description ?? grid.kind, households: grid.households,
                                  area: grid.area, staff: serving.map { .init(id: $0.person.id, name: $0.person.name,
                                                                              role: profile.role($0.role)?.name.description ?? $0.role) },
                                  findings: findings)
            }
        }
    }
}
