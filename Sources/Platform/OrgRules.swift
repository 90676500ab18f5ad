import Foundation
import GRDB
import Ordinance
import Store

/// The rules an org unit, grid or household unit must meet, from the tenant's profile.
/// Shared by the single-record commands and CSV import, so both refuse the same things.
struct OrgRules {
    let profile: Profile
    let db: Database
    /// Warnings collected along the way (a grid outside a size rule that only warns).
    var warnings: [Problem] = []

    init(profile: Profile, db: Database) {
        self.profile = profile
        self.db = db
    }

    private var levelKeys: [String] { profile.levels.map(\.key) }

    /// Finds a unit by id, grid code or division code.
    func resolve(_ reference: String, place: String) throws -> OrgUnit {
        if let id = Int64(reference), let unit = try OrgStore.unit(id, in: db) { return unit }
        if let grid = try OrgStore.grid(code: reference, in: db), let unit = try OrgStore.unit(grid.unitId, in: db) { return unit }
        if let sub = try OrgStore.subGrid(code: reference, in: db), let unit = try OrgStore.unit(sub.unitId, in: db) { return unit }
        let byCode = try OrgStore.units(divisionCode: reference, in: db)
        if byCode.count == 1 { return byCode[0] }
        if byCode.count > 1 {
            throw PlatformError("ambiguous-unit", "division code \(reference) names \(byCode.count) units; use the unit id", place: place)
        }
        throw PlatformError(.notFound, "unknown-unit", "no org unit with id, grid code or division code '\(reference)'", place: place)
    }

    /// The parent a unit at `level` needs: the unit one level up.
    private func checkParent(_ parent: OrgUnit, forLevel level: String, place: String) throws {
        guard let index = levelKeys.firstIndex(of: level), index > 0 else { return }
        let above = levelKeys[index - 1]
        if parent.level != above {
            let name = profile.level(above).map { $0.name.description } ?? above
            throw PlatformError("unit-level",
                                "a \(level) unit belongs under a \(above) (\(name)) unit, but '\(parent.name)' is a \(parent.level)",
                                article: profile.cite(profile.level(level)?.article), place: place)
        }
    }

    private func checkDivisionCode(_ code: String?, place: String) throws {
        guard let code else { return }
        if code.isEmpty || code.count > 12 || !code.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw PlatformError("division-code", "'\(code)' is not a division code: up to 12 digits (GB/T 2260, statistical codes)", place: place)
        }
    }

    mutating func insertUnit(level: String, name: String, parent: OrgUnit?, divisionCode: String?, place: String) throws -> OrgUnit {
        guard let index = levelKeys.firstIndex(of: level) else {
            throw PlatformError("unknown-level", "no level '\(level)' in the profile (levels: \(levelKeys.joined(separator: ", ")))", place: place)
        }
        if level == profile.grids.level {
            throw PlatformError("unit-level", "grids are added with 'grid add' (they need a kind, a code and a household count)", place: place)
        }
        if level == profile.grids.subGrids?.level {
            throw PlatformError("unit-level", "sub-grids are added inside a grid with their code and household count ('org import' rows at level \(level))", place: place)
        }
        if index == 0 { throw PlatformError("unit-level", "the \(level) unit is created at onboarding; there is only one", place: place) }
        guard let parent = try parent ?? OrgUnit.root(in: db) else {
            throw PlatformError(.notFound, "unknown-unit", "the tenant has no root unit", place: place)
        }
        try checkParent(parent, forLevel: level, place: place)
        try checkName(name, under: parent, place: place)
        try checkDivisionCode(divisionCode, place: place)
        return try OrgStore.insert(OrgUnit(parentId: parent.id, level: level, name: name, divisionCode: divisionCode, createdAt: timestamp()),
                                   in: db)
    }

    private func checkName(_ name: String, under parent: OrgUnit, place: String) throws {
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw PlatformError("unit-name", "a unit needs a name", place: place)
        }
        if try OrgStore.hasChild(named: name, under: parent.id, in: db) {
            throw PlatformError(.conflict, "duplicate-unit", "'\(parent.name)' already has a unit named '\(name)'", place: place)
        }
    }

    mutating func insertGrid(parent: OrgUnit, name: String, kind: String, code: String, households: Int, area: String,
                             place: String) throws -> OrgUnit {
        let grids = profile.grids
        guard let gridKind = grids.kinds.first(where: { $0.key == kind }) else {
            let kinds = grids.kinds.map { "\($0.key) (\($0.name))" }.joined(separator: ", ")
            throw PlatformError("grid-kind", "'\(kind)' is not a grid kind of this ordinance (kinds: \(kinds))",
                                article: profile.cite(grids.article), place: place)
        }
        try checkParent(parent, forLevel: grids.level, place: place)
        try checkName(name, under: parent, place: place)
        try Self.checkCount(households, place: place)
        try checkCode(code, parent: parent, place: place)
        try checkSize(households, area: area, kind: gridKind, place: place)
        let unit = try OrgStore.insert(OrgUnit(parentId: parent.id, level: grids.level, name: name, divisionCode: nil, createdAt: timestamp()),
                                       in: db)
        try OrgStore.insert(GridRecord(unitId: unit.id!, kind: kind, code: code, households: households, area: area), in: db)
        return unit
    }

    /// A grid code matches the profile's layout, carries its ancestors' division codes, and is unique.
    private func checkCode(_ code: String, parent: OrgUnit, place: String) throws {
        if let existing = try OrgStore.grid(code: code, in: db) {
            let owner = try OrgStore.unit(existing.unitId, in: db)?.name ?? "another grid"
            throw PlatformError("duplicate-grid-code", "grid code \(code) is already used by \(owner); a grid code is unique",
                                article: profile.cite(profile.grids.code?.article), place: place)
        }
        guard let layout = profile.grids.code else { return }
        let article = profile.cite(layout.article)
        let standard = layout.standard.map { " (\($0))" } ?? ""
        guard code.range(of: layout.pattern, options: .regularExpression) != nil else {
            throw PlatformError("grid-code-layout", "grid code '\(code)' does not follow the layout \(layout.pattern)\(standard)",
                                article: article, place: place)
        }
        let lineage = try OrgUnit.lineage(of: parent.id!, in: db)
        var offset = code.startIndex
        for segment in layout.segments {
            switch segment {
            case .division(let level, let digits):
                let end = code.index(offset, offsetBy: digits)
                let part = String(code[offset..<end])
                guard let ancestor = lineage.first(where: { $0.level == level }) else { break }
                guard let division = ancestor.divisionCode else {
                    throw PlatformError("grid-code-layout", "the grid code starts with the division code of the \(level) unit, but '\(ancestor.name)' has none",
                                        article: article, place: place)
                }
                if division != part {
                    throw PlatformError("grid-code-layout",
                                        "grid code '\(code)' should carry the division code of '\(ancestor.name)' (\(division)), not \(part)",
                                        article: article, place: place)
                }
                offset = end
            case .serial(let digits):
                offset = code.index(offset, offsetBy: digits)
            case .literal(let text):
                offset = code.index(offset, offsetBy: text.count)
            }
        }
    }

    /// What this profile's size rules say of an existing grid: errors and warnings, none when it fits.
    func sizeProblems(households: Int, area: String, kind key: String, place: String) -> [Problem] {
        guard let kind = profile.grids.kinds.first(where: { $0.key == key }) else {
            return [Problem("grid-kind", "the amended profile has no grid kind '\(key)'", article: profile.cite(profile.grids.article), place: place)]
        }
        var rules = self
        rules.warnings = []
        do {
            try rules.checkSize(households, area: area, kind: kind, place: place)
            return rules.warnings
        } catch let error as PlatformError {
            return rules.warnings + error.problems
        } catch {
            return [Problem("grid-size", "\(error)", place: place)]
        }
    }

    /// Households against the kind's size rules: a rule with severity error refuses, a warning warns.
    private mutating func checkSize(_ households: Int, area: String, kind: GridKind, place: String) throws {
        // An area no rule of the profile names would silently match nothing: refused.
        let areas = Set(["any", "urban", "rural"] + profile.grids.kinds.flatMap { $0.sizeRules.map(\.area) })
        if !areas.contains(area) {
            throw PlatformError("grid-area", "'\(area)' is not an area of this profile's size rules (areas: \(areas.sorted().joined(separator: ", ")))",
                                article: profile.cite(profile.grids.article), place: place)
        }
        // Area not said, and the rules are by area (Changji 第六条: urban 200–300, rural about
        // 300): the grid must fit one of them, or it is flagged; the rules are never skipped.
        let byArea = kind.sizeRules.filter { $0.area != "any" }
        if area == "any", !byArea.isEmpty, !byArea.contains(where: { $0.range?.contains(households) ?? true }) {
            let ranges = byArea.compactMap { rule in rule.range.map { "\(rule.area) \($0.lowerBound)–\($0.upperBound)" } }.joined(separator: ", ")
            let severity: Severity = byArea.allSatisfy { $0.severity == .error } ? .error : .warning
            let problem = Problem("grid-size", "\(kind.name) has \(households) \(kind.unit), which fits no size rule (\(ranges)); say which area it is in (--area)",
                                  article: profile.cite(byArea.first?.article), place: place, severity: severity)
            if severity == .error { throw PlatformError([problem]) }
            warnings.append(problem)
        }
        for rule in kind.sizeRules where rule.area == "any" || rule.area == area {
            guard let range = rule.range, !range.contains(households) else { continue }
            let expected = rule.about.map { "about \($0) (\(range.lowerBound)–\(range.upperBound))" } ?? "\(range.lowerBound)–\(range.upperBound)"
            let problem = Problem("grid-size", "\(kind.name) (\(rule.area)) should have \(expected) \(kind.unit); this one has \(households)",
                                  article: profile.cite(rule.article), place: place, severity: rule.severity)
            if rule.severity == .error { throw PlatformError([problem]) }
            warnings.append(problem)
        }
    }

    /// A sub-grid (微网格) inside `grid`: at the sub-grid level, its own code (the grid's code
    /// and the profile's digits, when it sets them; unique), its households within the grid's
    /// and against the sub-grid size rules. The grid keeps its own data.
    mutating func insertSubGrid(grid: OrgUnit, name: String, code: String, households: Int, place: String) throws -> OrgUnit {
        guard let rules = profile.grids.subGrids else {
            throw PlatformError("sub-grids", "this ordinance divides no sub-grids below its grids", article: profile.cite(profile.grids.article), place: place)
        }
        let article = profile.cite(rules.article)
        let levelName = profile.level(rules.level)?.name.description ?? rules.level
        guard let gridRecord = try OrgStore.grid(unitId: grid.id!, in: db) else {
            throw PlatformError("unit-level", "'\(grid.name)' is not a grid; a \(levelName) lies inside a grid", article: article, place: place)
        }
        try checkName(name, under: grid, place: place)
        try Self.checkCount(households, place: place)
        if try OrgStore.subGrid(code: code, in: db) != nil || OrgStore.grid(code: code, in: db) != nil {
            throw PlatformError("duplicate-grid-code", "code \(code) is already used; a \(levelName)'s code is unique", article: article, place: place)
        }
        if let digits = rules.codeDigits {
            let own = code.hasPrefix(gridRecord.code) ? code.dropFirst(gridRecord.code.count) : ""
            guard own.count == digits, own.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw PlatformError("grid-code-layout", "a \(levelName)'s code is its grid's code \(gridRecord.code) followed by \(digits) digits; '\(code)' is not",
                                    article: profile.cite(rules.codeArticle ?? rules.article), place: place)
            }
        }
        let used = try OrgStore.householdsInSubGrids(ofGrid: grid.id!, in: db)
        if used + households > gridRecord.households {
            throw PlatformError("sub-grid-size", "the \(levelName)s of '\(grid.name)' would hold \(used + households) \(rules.unit); the grid has \(gridRecord.households)",
                                article: article, place: place)
        }
        for rule in rules.sizeRules where rule.area == "any" || rule.area == gridRecord.area {
            guard let range = rule.range, !range.contains(households) else { continue }
            let problem = Problem("sub-grid-size", "a \(levelName) should have \(range.lowerBound)–\(range.upperBound) \(rules.unit); '\(name)' has \(households)",
                                  article: profile.cite(rule.article), place: place, severity: rule.severity)
            if rule.severity == .error { throw PlatformError([problem]) }
            warnings.append(problem)
        }
        let unit = try OrgStore.insert(OrgUnit(parentId: grid.id, level: rules.level, name: name, divisionCode: nil, createdAt: timestamp()), in: db)
        try OrgStore.insert(SubGridRecord(unitId: unit.id!, gridId: grid.id!, code: code, households: households), in: db)
        return unit
    }

    /// The most households a grid or household unit may count: far above any real grid,
    /// and low enough that sums of counts never overflow.
    static let maximumHouseholds = 100_000_000

    /// A household count is a whole number from 0 to `maximumHouseholds`.
    static func checkCount(_ households: Int, place: String) throws {
        guard (0...maximumHouseholds).contains(households) else {
            throw PlatformError("households", "a household count is a whole number from 0 to \(maximumHouseholds); \(households) is not",
                                place: place)
        }
    }

    func insertHouseholdUnit(grid: OrgUnit, name: String, households: Int, place: String) throws -> HouseholdUnitRecord {
        guard let rule = profile.grids.householdUnits else {
            throw PlatformError("household-units", "this ordinance has no household units (联户单位)", place: place)
        }
        guard let gridRecord = try OrgStore.grid(unitId: grid.id!, in: db) else {
            throw PlatformError("household-units", "'\(grid.name)' is not a grid; \(rule.name) are formed inside grids",
                                article: profile.cite(rule.article), place: place)
        }
        try Self.checkCount(households, place: place)
        let used = try OrgStore.householdsCounted(inGrid: grid.id!, in: db)
        // Both counts are bounded (checkCount), so the sum cannot overflow.
        if households == 0 || used + households > gridRecord.households {
            throw PlatformError("household-units",
                                "\(rule.name) '\(name)' would bring the grid's \(rule.name) to \(used + households) households; the grid has \(gridRecord.households)",
                                article: profile.cite(rule.article), place: place)
        }
        if try OrgStore.hasHouseholdUnit(named: name, inGrid: grid.id!, in: db) {
            throw PlatformError(.conflict, "duplicate-unit", "grid '\(grid.name)' already has a \(rule.name) named '\(name)'", place: place)
        }
        return try OrgStore.insert(HouseholdUnitRecord(gridId: grid.id!, name: name, households: households), in: db)
    }
}
