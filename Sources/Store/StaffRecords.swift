import GRDB

/// A person who serves, or served, in the tenant.
public struct Person: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "person"

    public var id: String
    public var name: String
    public var birthDate: String?
    public var citizenship: String?
    public var phone: String?
    public var createdAt: String

    public init(id: String, name: String, birthDate: String?, citizenship: String?, phone: String?, createdAt: String) {
        self.id = id
        self.name = name
        self.birthDate = birthDate
        self.citizenship = citizenship
        self.phone = phone
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, citizenship, phone
        case birthDate = "birth_date"
        case createdAt = "created_at"
    }

    public static func disqualifications(of id: String, in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT key FROM person_disqualification WHERE person_id = ? ORDER BY key", arguments: [id])
    }

    public static func addDisqualification(_ key: String, to id: String, in db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO person_disqualification (person_id, key) VALUES (?, ?)", arguments: [id, key])
    }

    /// Dates on which the person passed training, earliest first.
    public static func trainings(of id: String, in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT passed_on FROM training WHERE person_id = ? ORDER BY passed_on", arguments: [id])
    }

    public static func addTraining(passedOn day: String, to id: String, in db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO training (person_id, passed_on) VALUES (?, ?)", arguments: [id, day])
    }
}

/// A person's role at an org unit or a department, from a start date until they leave.
public struct Appointment: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "appointment"

    public var id: Int64?
    public var personId: String
    public var role: String
    public var unitId: Int64?
    public var department: String?
    public var startedOn: String
    public var endedOn: String?
    public var endReason: String?

    public init(id: Int64? = nil, personId: String, role: String, unitId: Int64?, department: String?,
                startedOn: String, endedOn: String? = nil, endReason: String? = nil) {
        self.id = id
        self.personId = personId
        self.role = role
        self.unitId = unitId
        self.department = department
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.endReason = endReason
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    enum CodingKeys: String, CodingKey {
        case id, role, department
        case personId = "person_id"
        case unitId = "unit_id"
        case startedOn = "started_on"
        case endedOn = "ended_on"
        case endReason = "end_reason"
    }

    public var isActive: Bool { endedOn == nil }

    /// Appointments still in force for `role` at the unit.
    public static func active(role: String, unitId: Int64, in db: Database) throws -> [Appointment] {
        try Appointment.filter(Column("unit_id") == unitId && Column("role") == role && Column("ended_on") == nil)
            .fetchAll(db)
    }

    public static func of(person: String, in db: Database) throws -> [Appointment] {
        try Appointment.filter(Column("person_id") == person).order(Column("started_on"), Column("id")).fetchAll(db)
    }
}
