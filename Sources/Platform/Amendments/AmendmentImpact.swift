import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// What a version would do to the running city if it took effect: for legal staff before an
/// amendment is adopted, and for tenant admins before its date.
public struct AmendmentImpact: Sendable, Encodable {
    public var tenant: String
    public var version: String
    public var status: String
    /// The version in force today, which the amendment follows.
    public var inForce: String
    /// The tenant's time zone, in which its days begin.
    public var timeZone: String
    /// Open cases pinned to earlier versions: they run to their end under those versions.
    public var openCases: OpenCases
    /// What the amendment does to the live catalogue.
    public var catalogue: [AmendmentService.ItemChange]
    /// Appointments the amended rules on staff would bar on the effective day.
    public var appointments: [Barred]
    /// Grids the amended size rules would flag.
    public var grids: [Flagged]

    public struct OpenCases: Sendable, Encodable {
        public var total: Int
        /// The oldest ones (at most 50), each with its version, where it stands and when it is due.
        public var cases: [OpenCase]
        /// The latest due time among those listed: the old rules run at least until then.
        public var lastDue: Date?
    }

    public struct OpenCase: Sendable, Encodable {
        public var id: String
        public var version: String
        public var position: String
        public var dueAt: Date?
    }

    public struct Barred: Sendable, Encodable {
        public var staff: String
        public var name: String
        public var role: String
        public var place: String
        public var problems: [Problem]
    }

    public struct Flagged: Sendable, Encodable {
        public var grid: String
        public var name: String
        public var households: Int
        public var problems: [Problem]
    }
}

extension AmendmentService {
    /// What version `effective` would do to the city as it stands now.
    public func impact(of effective: Day) throws -> AmendmentImpact {
        guard let profile = tenant.profiles.version(effective: effective) else {
            let dates = tenant.profiles.versions.compactMap(\.ordinance.effective).map(\.description).joined(separator: ", ")
            throw PlatformError(.notFound, "unknown-version", "\(tenant.key) has no loadable version effective \(effective) (versions: \(dates))", place: "VERSION")
        }
        let current = try tenant.profile()
        let version = effective.description
        return try tenant.database.pool.read { db in
            let open = try CaseStore.openNotOn(version: version, limit: 50, in: db)
            let cases = open.cases.map { AmendmentImpact.OpenCase(id: $0.id, version: $0.version, position: $0.position, dueAt: $0.dueAt) }
            return AmendmentImpact(
                tenant: tenant.key, version: version, status: profile.ordinance.status.rawValue,
                inForce: current.ordinance.effective?.description ?? "", timeZone: current.calendar.timezone,
                openCases: AmendmentImpact.OpenCases(total: open.total, cases: cases, lastDue: cases.compactMap(\.dueAt).max()),
                catalogue: try catalogueChanges(of: profile, in: db).map(\.change),
                appointments: try barredAppointments(under: profile, not: current, on: effective, in: db),
                grids: try flaggedGrids(under: profile, not: current, in: db))
        }
    }

    /// Appointments in service on `day` that the amended staff rules would not allow, and the
    /// rules in force do (what is barred already is not the amendment's doing).
    private func barredAppointments(under profile: Profile, not current: Profile, on day: Day, in db: Database) throws -> [AmendmentImpact.Barred] {
        let rules = StaffRules(profile: profile, db: db)
        let now = StaffRules(profile: current, db: db)
        var barred: [AmendmentImpact.Barred] = []
        for person in try StaffStore.people(in: db) {
            for appointment in try Appointment.of(person: person.id, in: db) where appointment.endedOn.map({ $0 >= day.description }) ?? true {
                let unit = try appointment.unitId.flatMap { try OrgStore.unit($0, in: db) }
                let place = unit?.name ?? appointment.department ?? ""
                let already = Set(now.bars(person, role: appointment.role, unit: unit, department: appointment.department, on: day, place: place).map(\.message))
                let problems = rules.bars(person, role: appointment.role, unit: unit, department: appointment.department, on: day, place: place)
                    .filter { !already.contains($0.message) }
                if !problems.isEmpty {
                    barred.append(AmendmentImpact.Barred(staff: person.id, name: person.name, role: appointment.role, place: place, problems: problems))
                }
            }
        }
        return barred
    }

    /// Grids whose size the amended rules would refuse or warn about, and the rules in force do not.
    private func flaggedGrids(under profile: Profile, not current: Profile, in db: Database) throws -> [AmendmentImpact.Flagged] {
        let rules = OrgRules(profile: profile, db: db)
        let now = OrgRules(profile: current, db: db)
        return try OrgStore.grids(in: db).compactMap { unit, grid in
            let already = Set(now.sizeProblems(households: grid.households, area: grid.area, kind: grid.kind, place: grid.code).map(\.message))
            let problems = rules.sizeProblems(households: grid.households, area: grid.area, kind: grid.kind, place: grid.code)
                .filter { !already.contains($0.message) }
            return problems.isEmpty ? nil : AmendmentImpact.Flagged(grid: grid.code, name: unit.name, households: grid.households, problems: problems)
        }
    }
}
