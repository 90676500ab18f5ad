import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// A grid division with its archive.
public struct DivisionView: Sendable, Encodable {
    public var division: GridDivision
    /// The grids it created, once in effect.
    public var created: [String]
    public var warnings: [Problem]
    public var history: [ProcedureEvent<GridDivision>]?
}

extension OrgService {
    static let divisionKind = "grid-division"
    /// The columns of a division's CSV: one row per grid proposed.
    public static let divisionColumns = (required: ["code", "name", "kind", "households"], optional: ["area"])

    /// The dividing body proposes grids under `parent` (网格划分). Every grid is checked as
    /// `org add-grid` checks it, all problems at once; nothing is created until the division
    /// takes effect — on approval, or at once where the profile names no approving body.
    public func divide(under parent: String, csv text: String, file: String, note: String? = nil, as staffId: String,
                       at now: Date = Date()) throws -> DivisionView {
        let table = try CSVTable(text: text, file: file, required: Self.divisionColumns.required, optional: Self.divisionColumns.optional)
        var grids: [ProposedGrid] = []
        var problems: [Problem] = []
        for (line, row) in table.rows {
            guard let households = Int(row["households"] ?? "") else {
                problems.append(Problem("csv", "households must be a whole number, found '\(row["households"] ?? "")'", place: "\(file):\(line)"))
                continue
            }
            grids.append(ProposedGrid(code: row["code"] ?? "", name: row["name"] ?? "", kind: row["kind"] ?? "", households: households,
                                      area: row["area"].flatMap { $0.isEmpty ? nil : $0 } ?? "any"))
        }
        if !problems.isEmpty { throw PlatformError(problems) }
        let kernel = try tenant.currentKernel(at: now)
        let tenant = self.tenant
        return try tenant.database.pool.write { db in
            let actor = try tenant.participant(staffId, on: kernel.calendar.day(of: now), in: db)
            let rules = OrgRules(profile: kernel.profile, db: db)
            let parentUnit = try rules.resolve(parent, place: "--parent")
            let lineage = try OrgUnit.lineage(of: parentUnit.id!, in: db)
            let id = try ProcedureStore.nextId(prefix: "HF", year: kernel.calendar.day(of: now).year, in: db)
            let proposal = GridDivision(
                id: id, profileVersion: kernel.profile.ordinance.effective!, parentId: parentUnit.id!,
                units: Dictionary(lineage.map { ($0.level, $0.id!) }, uniquingKeysWith: { a, _ in a }),
                names: Dictionary(lineage.map { (String($0.id!), $0.name) }, uniquingKeysWith: { a, _ in a }),
                grids: grids, status: .proposed, pending: [], dividedAt: now)
            let events = try tenant.refusing { try kernel.decide(.divide(proposal, note: note), on: nil, by: actor, at: now) }
            // Checked now as they would be created, then undone: a division that could never
            // take effect is refused when proposed, naming each bad row.
            let warnings = try Self.createGrids(proposal, profile: kernel.profile, file: file, dryRun: true, in: db)
            return try record(events, on: nil, profile: kernel.profile, file: file, warnings: warnings, in: db)
        }
    }

    /// The approving body approves or refuses; the filing body takes it on file.
    public func decide(division id: String, _ command: DivisionCommand, as staffId: String, at now: Date = Date()) throws -> DivisionView {
        let tenant = self.tenant
        return try tenant.database.pool.write { db in
            guard let division = try ProcedureStore.load(id, kind: Self.divisionKind, as: GridDivision.self, in: db) else {
                throw PlatformError(.notFound, "unknown-division", "no grid division '\(id)'")
            }
            let kernel = try tenant.kernel(for: division.profileVersion)
            let actor = try tenant.participant(staffId, on: kernel.calendar.day(of: now), in: db)
            let events = try tenant.refusing { try kernel.decide(command, on: division, by: actor, at: now) }
            return try record(events, on: division, profile: kernel.profile, file: id, warnings: [], in: db)
        }
    }

    /// Grid divisions, newest first, optionally of one status.
    public func divisions(status: GridDivision.Status? = nil, limit: Int = 100) throws -> [GridDivision] {
        try tenant.database.pool.read {
            try ProcedureStore.list(kind: Self.divisionKind, status: status?.rawValue, as: GridDivision.self, limit: limit, in: $0)
        }
    }

    /// One division with its archive.
    public func division(_ id: String) throws -> DivisionView {
        try tenant.database.pool.read { db in
            guard let division = try ProcedureStore.load(id, kind: Self.divisionKind, as: GridDivision.self, in: db) else {
                throw PlatformError(.notFound, "unknown-division", "no grid division '\(id)'")
            }
            return DivisionView(division: division, created: division.status == .inEffect || division.status == .filed ? division.grids.map(\.code) : [],
                                warnings: [], history: try ProcedureStore.events(id, as: GridDivision.self, in: db))
        }
    }

    /// Appends the events; a division that has just taken effect creates its grids in the same transaction.
    private func record(_ events: [ProcedureEvent<GridDivision>], on previous: GridDivision?, profile: Profile, file: String,
                        warnings: [Problem], in db: Database) throws -> DivisionView {
        guard let state = GridDivision.replay(events, from: previous) else { throw PlatformError("kernel", "the division produced no state") }
        var warnings = warnings
        var created: [String] = []
        if state.status == .inEffect, previous?.status != .inEffect {
            warnings = try Self.createGrids(state, profile: profile, file: file, dryRun: false, in: db)
            created = state.grids.map(\.code)
        }
        try ProcedureStore.append(events, kind: Self.divisionKind, status: state.status.rawValue, subject: String(state.parentId),
                                  resulting: state, previous: previous, at: state.dividedAt, in: db)
        return DivisionView(division: state, created: created, warnings: warnings, history: nil)
    }

    /// Creates the division's grids under the org rules (codes, kinds, sizes), every problem
    /// named by row; with `dryRun`, undone afterwards. Returns the warnings (sizes off the rule).
    private static func createGrids(_ division: GridDivision, profile: Profile, file: String, dryRun: Bool,
                                    in db: Database) throws -> [Problem] {
        var outcome: Result<[Problem], PlatformError> = .success([])
        try db.inSavepoint {
            var rules = OrgRules(profile: profile, db: db)
            var problems: [Problem] = []
            do {
                guard let parent = try OrgStore.unit(division.parentId, in: db) else {
                    throw PlatformError(.notFound, "unknown-unit", "the unit the division is under no longer exists")
                }
                for (index, grid) in division.grids.enumerated() {
                    let place = "\(file): grid \(index + 1) (\(grid.code))"
                    do {
                        _ = try rules.insertGrid(parent: parent, name: grid.name, kind: grid.kind, code: grid.code,
                                                 households: grid.households, area: grid.area, place: place)
                    } catch let error as PlatformError {
                        problems += error.problems.map { var p = $0; p.place = place; return p }
                    }
                }
            } catch let error as PlatformError {
                problems += error.problems
            }
            outcome = problems.isEmpty ? .success(rules.warnings) : .failure(PlatformError(problems))
            return dryRun || !problems.isEmpty ? .rollback : .commit
        }
        return try outcome.get()
    }
}
