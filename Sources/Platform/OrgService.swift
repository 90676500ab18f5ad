import Foundation
import GRDB
import Ordinance
import Store

/// An org unit as the front ends show it.
public struct UnitView: Sendable, Encodable, Equatable {
    public var id: Int64
    public var parentId: Int64?
    public var level: String
    public var levelName: String
    public var name: String
    public var divisionCode: String?
    public var depth: Int
    public var grid: GridFacts?
    /// For a sub-grid (微网格): its code and households.
    public var subGrid: SubGridFacts?
    public var householdUnits: [HouseholdUnitView]?
}

/// The outcome of an org change: what was created, and warnings that did not stop it.
public struct OrgChange<T: Sendable & Encodable>: Sendable, Encodable {
    public var created: T
    public var warnings: [Problem]
}

/// The org tree of one tenant: units along the profile's levels, grids and household
/// units, added one at a time or from CSV, under the profile's rules.
public struct OrgService: Sendable {
    let tenant: Tenant

    /// Adds a unit (county, township, community …) under `parent` (id, grid code or
    /// division code; default the root).
    public func addUnit(level: String, name: String, parent: String?, divisionCode: String?, on day: Day = .today()) throws -> UnitView {
        let profile = try tenant.profile(on: day)
        return try tenant.database.pool.write { db in
            var rules = OrgRules(profile: profile, db: db)
            let parentUnit = try parent.map { try rules.resolve($0, place: "--parent") }
            let unit = try rules.insertUnit(level: level, name: name, parent: parentUnit, divisionCode: divisionCode, place: "--level")
            return try view(unit, profile: profile, depth: 0, in: db)
        }
    }

    /// Adds a grid under a unit of the level above the grid level.
    public func addGrid(parent: String, name: String, kind: String, code: String, households: Int, area: String,
                        on day: Day = .today()) throws -> OrgChange<UnitView> {
        let profile = try tenant.profile(on: day)
        return try tenant.database.pool.write { db in
            var rules = OrgRules(profile: profile, db: db)
            let parentUnit = try rules.resolve(parent, place: "--parent")
            let unit = try rules.insertGrid(parent: parentUnit, name: name, kind: kind, code: code, households: households,
                                            area: area, place: "--code")
            return OrgChange(created: try view(unit, profile: profile, depth: 0, in: db), warnings: rules.warnings)
        }
    }

    /// Adds a household unit (联户单位) inside a grid.
    public func addHouseholdUnit(grid: String, name: String, households: Int, on day: Day = .today()) throws -> HouseholdUnitView {
        let profile = try tenant.profile(on: day)
        return try tenant.database.pool.write { db in
            let rules = OrgRules(profile: profile, db: db)
            let gridUnit = try rules.resolve(grid, place: "--grid")
            return HouseholdUnitView(try rules.insertHouseholdUnit(grid: gridUnit, name: name, households: households, place: "--grid"))
        }
    }

    /// The org tree depth first from the root (or from `under`), optionally only one level.
    public func units(level: String? = nil, under: String? = nil, on day: Day = .today()) throws -> [UnitView] {
        let profile = try tenant.profile(on: day)
        return try tenant.database.pool.read { db in
            let rules = OrgRules(profile: profile, db: db)
            guard let start = try under.map({ try rules.resolve($0, place: "--under") }) ?? OrgUnit.root(in: db) else { return [] }
            var result: [UnitView] = []
            func visit(_ unit: OrgUnit, depth: Int) throws {
                if level == nil || unit.level == level { result.append(try view(unit, profile: profile, depth: depth, in: db)) }
                for child in try OrgUnit.children(of: unit.id!, in: db) { try visit(child, depth: depth + 1) }
            }
            try visit(start, depth: 0)
            return result
        }
    }

    /// One unit with its household units.
    public func unit(_ reference: String, on day: Day = .today()) throws -> UnitView {
        let profile = try tenant.profile(on: day)
        return try tenant.database.pool.read { db in
            let unit = try OrgRules(profile: profile, db: db).resolve(reference, place: "unit")
            var result = try view(unit, profile: profile, depth: 0, in: db)
            if result.grid != nil {
                result.householdUnits = try OrgStore.householdUnits(ofGrid: unit.id!, in: db).map(HouseholdUnitView.init)
            }
            return result
        }
    }

    private func view(_ unit: OrgUnit, profile: Profile, depth: Int, in db: Database) throws -> UnitView {
        UnitView(id: unit.id!, parentId: unit.parentId, level: unit.level,
                 levelName: profile.level(unit.level)?.name.description ?? unit.level,
                 name: unit.name, divisionCode: unit.divisionCode, depth: depth,
                 grid: try OrgStore.grid(unitId: unit.id!, in: db).map(GridFacts.init),
                 subGrid: unit.level == profile.grids.subGrids?.level ? try OrgStore.subGrid(unitId: unit.id!, in: db).map(SubGridFacts.init) : nil,
                 householdUnits: nil)
    }
}
