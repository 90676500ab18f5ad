import Foundation
import Kernel
import Store

// What Platform gives the front ends instead of Store's records: the columns a table has
// today are not the API's promise. Each is built from a record in one place, here.

/// A person as recorded (without their appointments).
public struct PersonDetails: Sendable, Encodable, Equatable {
    public var id: String
    public var name: String
    public var birthDate: String?
    public var citizenship: String?
    public var phone: String?
    public var createdAt: String

    init(_ person: Person) {
        (id, name, birthDate, citizenship, phone, createdAt) =
            (person.id, person.name, person.birthDate, person.citizenship, person.phone, person.createdAt)
    }
}

/// A role held at an org unit or a department, from a start date until the person leaves.
public struct AppointmentDetails: Sendable, Encodable, Equatable {
    public var id: Int64?
    public var role: String
    public var unitId: Int64?
    public var department: String?
    public var startedOn: String
    public var endedOn: String?
    public var endReason: String?

    public var isActive: Bool { endedOn == nil }

    init(_ appointment: Appointment) {
        (id, role, unitId, department, startedOn, endedOn, endReason) =
            (appointment.id, appointment.role, appointment.unitId, appointment.department, appointment.startedOn,
             appointment.endedOn, appointment.endReason)
    }
}

/// The grid facts of a unit at the grid level.
public struct GridFacts: Sendable, Encodable, Equatable {
    public var kind: String
    public var code: String
    public var households: Int
    public var area: String

    init(_ grid: GridRecord) {
        (kind, code, households, area) = (grid.kind, grid.code, grid.households, grid.area)
    }
}

/// A sub-grid's own facts (微网格): its code and households, and the grid it lies in.
public struct SubGridFacts: Sendable, Encodable, Equatable {
    public var gridId: Int64
    public var code: String
    public var households: Int

    init(_ record: SubGridRecord) {
        (gridId, code, households) = (record.gridId, record.code, record.households)
    }
}

/// 联户单位: a group of households inside a grid.
public struct HouseholdUnitView: Sendable, Encodable, Equatable {
    public var id: Int64?
    public var gridId: Int64
    public var name: String
    public var households: Int

    init(_ record: HouseholdUnitRecord) {
        (id, gridId, name, households) = (record.id, record.gridId, record.name, record.households)
    }
}

/// One revision of the live catalogue: what changed, when, who asked and who decided.
public struct CatalogueRevision: Sendable, Encodable, Equatable {
    /// `seed`, `admit`, `amend`, `withdraw`, or `import`.
    public var action: String
    public var entry: CatalogueEntry
    public var effectiveAt: Date
    public var requestedBy: String
    public var decidedBy: String?
    public var reason: String
    public var applicationId: String?
    /// What this revision changed from the item's previous one (every field for the first).
    public var changes: [FieldChange]

    init(_ revision: CatalogueStore.Revision, previous: CatalogueEntry?, languages: [String]) {
        (action, entry, effectiveAt, requestedBy, decidedBy, reason, applicationId) =
            (revision.action, revision.entry, revision.effectiveAt, revision.requestedBy, revision.decidedBy, revision.reason,
             revision.applicationId)
        changes = CatalogueEntry.changes(from: previous, to: revision.entry, languages: languages)
    }

    /// Revisions in the order given, each with what it changed from the same item's last one before it.
    static func list(_ revisions: [CatalogueStore.Revision], languages: [String]) -> [CatalogueRevision] {
        var last: [String: CatalogueEntry] = [:]
        return revisions.map { revision in
            defer { last[revision.entry.code] = revision.entry }
            return CatalogueRevision(revision, previous: last[revision.entry.code], languages: languages)
        }
    }
}

/// The outcome of checking a tenant's archives (cases, catalogue applications, assignments).
public struct ArchiveVerification: Sendable, Encodable, Equatable {
    /// One altered, missing or out-of-order event.
    public struct Finding: Sendable, Encodable, Equatable, CustomStringConvertible {
        public var subject: String
        public var seq: Int?
        public var problem: String

        public var description: String { "\(subject)\(seq.map { " event \($0)" } ?? ""): \(problem)" }

        init(_ problem: CaseStore.ArchiveProblem) {
            (subject, seq, self.problem) = (problem.caseId, problem.seq, problem.problem)
        }
    }

    public var cases: Int
    public var events: Int
    public var problems: [Finding]
}

/// A tenant as the deployment's registry knows it.
public struct TenantInfo: Sendable, Encodable, Equatable {
    public var key: String
    public var displayName: String
    /// The tenant's profile folder, as an absolute path.
    public var profileFolder: String
    /// The database file, relative to the deployment folder.
    public var databaseFile: String
    /// Host names that route HTTP requests to this tenant (lower case).
    public var hosts: [String]
    public var onboardedAt: String

    init(_ entry: TenantEntry) {
        (key, displayName, profileFolder, databaseFile, hosts, onboardedAt) =
            (entry.key, entry.displayName, entry.profileFolder, entry.databaseFile, entry.hostNames, entry.onboardedAt)
    }
}
