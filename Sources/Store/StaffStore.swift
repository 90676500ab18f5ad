import GRDB

/// The tenant's people and their appointments.
public enum StaffStore {
    /// An appointment with the level and name of the unit it is held at (none for a department).
    public struct Post: Sendable, Equatable {
        public var appointment: Appointment
        public var unitLevel: String?
        public var unitName: String?
    }

    public static func person(_ id: String, in db: Database) throws -> Person? {
        try Person.fetchOne(try db.cachedStatement(sql: "SELECT * FROM person WHERE id = ?"), arguments: [id])
    }

    /// Everyone recorded, by id.
    public static func people(in db: Database) throws -> [Person] {
        try Person.order(Column("id")).fetchAll(db)
    }

    /// Every appointment a person has held, with its unit; asked on every authenticated request.
    public static func posts(of personId: String, in db: Database) throws -> [Post] {
        let rows = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT appointment.*, org_unit.level AS unit_level, org_unit.name AS unit_name FROM appointment
            LEFT JOIN org_unit ON org_unit.id = appointment.unit_id WHERE person_id = ?
            """), arguments: [personId])
        return try rows.map { row in Post(appointment: try Appointment(row: row), unitLevel: row["unit_level"], unitName: row["unit_name"]) }
    }

    /// People with at least one appointment in force.
    public static func serving(in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT person_id) FROM appointment WHERE ended_on IS NULL") ?? 0
    }

    public static func insert(_ person: Person, in db: Database) throws {
        try person.insert(db)
    }

    /// Records an appointment and returns it with its new id.
    public static func insert(_ appointment: Appointment, in db: Database) throws -> Appointment {
        var appointment = appointment
        try appointment.insert(db)
        return appointment
    }

    /// Records the end of an appointment (its `endedOn` and `endReason`).
    public static func update(_ appointment: Appointment, in db: Database) throws {
        try appointment.update(db)
    }
}

extension StaffStore {
    /// People holding `roles` at a unit on `day` (ISO date), with the role each holds, in
    /// the order of `roles`, then by name.
    public static func serving(at unitId: Int64, roles: [String], on day: String, in db: Database) throws -> [(person: Person, role: String)] {
        let appointments = try Appointment
            .filter(Column("unit_id") == unitId && roles.contains(Column("role")) && Column("started_on") <= day
                    && (Column("ended_on") == nil || Column("ended_on") >= day))
            .fetchAll(db)
        return try appointments.compactMap { a in try person(a.personId, in: db).map { ($0, a.role) } }
            .sorted { (roles.firstIndex(of: $0.role) ?? 0, $0.person.name) < (roles.firstIndex(of: $1.role) ?? 0, $1.person.name) }
    }
}
