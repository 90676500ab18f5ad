import Foundation
import GRDB
import Kernel
import Store

/// What a withdrawal leaves behind: the open cases reported under the item and the open
/// tasks given under it, which whoever decides must say what becomes of.
public struct WithdrawalImpact: Sendable, Encodable, Equatable {
    public var code: String
    public var openCases: [String]
    /// Assignments still assigned or accepted.
    public var openAssignments: [String]

    public var isEmpty: Bool { openCases.isEmpty && openAssignments.isEmpty }

    /// One line: "LS-08: 2 open cases (LS-2025-000001, …), 1 open task (JB-2025-0001)".
    public var summary: String {
        func list(_ ids: [String]) -> String { ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", …" : "") }
        var parts: [String] = []
        if !openCases.isEmpty { parts.append("\(openCases.count) open case(s) (\(list(openCases)))") }
        if !openAssignments.isEmpty { parts.append("\(openAssignments.count) open task(s) (\(list(openAssignments)))") }
        return "\(code): " + parts.joined(separator: ", ")
    }
}

extension CatalogueService {
    /// The open cases and tasks under each of `codes` that has any.
    func impact(of codes: [String], in db: Database) throws -> [WithdrawalImpact] {
        guard !codes.isEmpty else { return [] }
        let open = try ProcedureStore.list(kind: AssignmentService.assignmentKind, as: Assignment.self, limit: 100_000, in: db)
            .filter { $0.status != .refused }
        return try codes.map { code in
            WithdrawalImpact(code: code, openCases: try CaseStore.openIds(item: code, in: db),
                             openAssignments: open.filter { $0.item == code }.map(\.id).sorted())
        }.filter { !$0.isEmpty }
    }

    /// Refuses an approval that withdraws items with open cases or tasks under them unless
    /// its note says what becomes of them (a local rule: the ordinances say nothing of it).
    func requireDisposition(_ impact: [WithdrawalImpact], for command: ApplicationCommand) throws {
        guard case .approve(let note, _) = command, !impact.isEmpty,
              (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        throw PlatformError(.conflict, "withdrawal-impact",
                            "the withdrawal leaves work under the item: \(impact.map(\.summary).joined(separator: "; ")); say in the note what becomes of it (finished under the item as reported, or moved) — a local rule",
                            place: "note")
    }
}
