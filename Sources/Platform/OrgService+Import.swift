import Foundation
import GRDB
import Ordinance
import Store

extension OrgService {
    /// The columns of an org CSV. `ref` names a row so later rows can use it as `parent`;
    /// `parent` is a ref of this file or an existing unit (id, grid code, division code),
    /// empty for the root. `level` is a level of the profile (a grid's with kind, code and
    /// households; a sub-grid's with code and households), or `household_unit`.
    public static let orgColumns = (required: ["ref", "parent", "level", "name"],
                                    optional: ["division_code", "kind", "code", "households", "area"])

    /// Imports org units, grids and household units from CSV: every row is checked as the
    /// single commands check it; any error refuses the whole file, with each bad row named.
    public func importUnits(csv text: String, file: String, on day: Day = .today()) throws -> ImportReport {
        let profile = try tenant.profile(on: day)
        let table = try CSVTable(text: text, file: file, required: Self.orgColumns.required, optional: Self.orgColumns.optional)
        return try tenant.database.pool.write { db in
            var rules = OrgRules(profile: profile, db: db)
            var byRef: [String: OrgUnit] = [:]
            var problems: [Problem] = []
            for (line, row) in table.rows {
                let place = "\(file):\(line)"
                do {
                    let ref = row["ref"] ?? ""
                    if !ref.isEmpty, byRef[ref] != nil { throw PlatformError("csv", "ref '\(ref)' is used by an earlier row", place: place) }
                    let parent = try row["parent"].map { ref in try byRef[ref] ?? rules.resolve(ref, place: place) }
                    let name = row["name"] ?? ""
                    let level = row["level"] ?? ""
                    if level == "household_unit" {
                        guard let grid = parent else { throw PlatformError("csv", "a household_unit row names its grid as parent", place: place) }
                        _ = try rules.insertHouseholdUnit(grid: grid, name: name, households: try number(row, "households", place), place: place)
                        continue
                    }
                    let unit: OrgUnit
                    if level == profile.grids.subGrids?.level {
                        guard let grid = parent else { throw PlatformError("csv", "a \(level) row names its grid as parent", place: place) }
                        guard let code = row["code"] else { throw PlatformError("csv", "a \(level) row needs its code", place: place) }
                        unit = try rules.insertSubGrid(grid: grid, name: name, code: code, households: try number(row, "households", place), place: place)
                    } else if level == profile.grids.level {
                        guard let parent else { throw PlatformError("csv", "a grid row names its parent unit", place: place) }
                        guard let code = row["code"], let kind = row["kind"] else {
                            throw PlatformError("csv", "a grid row needs kind and code", place: place)
                        }
                        unit = try rules.insertGrid(parent: parent, name: name, kind: kind, code: code,
                                                    households: try number(row, "households", place),
                                                    area: row["area"] ?? "any", place: place)
                    } else {
                        unit = try rules.insertUnit(level: level, name: name, parent: parent,
                                                    divisionCode: row["division_code"], place: place)
                    }
                    if !ref.isEmpty { byRef[ref] = unit }
                } catch let error as PlatformError {
                    problems += error.problems.map { var p = $0; p.place = place; return p }
                }
            }
            if !problems.isEmpty { throw PlatformError(problems) }
            return ImportReport(file: file, rows: table.rows.count, warnings: table.warnings + rules.warnings)
        }
    }

    private func number(_ row: [String: String], _ column: String, _ place: String) throws -> Int {
        guard let text = row[column], let value = Int(text) else {
            throw PlatformError("csv", "\(column) must be a whole number, found '\(row[column] ?? "")'", place: place)
        }
        return value
    }
}
