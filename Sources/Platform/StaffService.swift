import GRDB
import Ordinance
import Store

/// A person with every appointment they have held, current and former.
public struct StaffView: Sendable, Encodable {
    public var person: PersonDetails
    public var disqualifications: [String]
    public var trainings: [String]
    public var appointments: [AppointmentView]
}

public struct AppointmentView: Sendable, Encodable {
    public var appointment: AppointmentDetails
    public var roleName: String
    public var place: String
}

/// The people of one tenant and their appointments, under the profile's rules of
/// eligibility, disqualification, training and staffing per grid.
public struct StaffService: Sendable {
    let tenant: Tenant

    /// Records a person (not yet appointed to anything).
    public func addPerson(id: String, name: String, birthDate: Day?, citizenship: String?, phone: String?,
                          disqualifications: [String] = [], trainedOn: [Day] = [], on day: Day = .today()) throws -> StaffView {
        let profile = try tenant.profile(on: day)
        try tenant.database.pool.write { db in
            try StaffRules(profile: profile, db: db).insertPerson(
                id: id, name: name, birthDate: birthDate, citizenship: citizenship, phone: phone,
                disqualifications: disqualifications, trainedOn: trainedOn, place: "--id")
        }
        return try person(id, on: day)
    }

    /// Records that a person passed pre-service training on `day`.
    public func recordTraining(_ id: String, passedOn day: Day) throws -> StaffView {
        try tenant.database.pool.write { db in
            _ = try StaffRules(profile: try tenant.profile(), db: db).person(id, place: "--id")
            try Person.addTraining(passedOn: day.description, to: id, in: db)
        }
        return try person(id)
    }

    /// Appoints a person to a role at a unit or department, as of `day`.
    public func appoint(_ id: String, role: String, unit: String?, department: String?, on day: Day = .today()) throws -> StaffView {
        let profile = try tenant.profile(on: day)
        try tenant.database.pool.write { db in
            let rules = StaffRules(profile: profile, db: db)
            let person = try rules.person(id, place: "--id")
            let unitRecord = try unit.map { try OrgRules(profile: profile, db: db).resolve($0, place: "--unit") }
            _ = try rules.appoint(person, role: role, unit: unitRecord, department: department, on: day, place: "--role")
        }
        return try person(id, on: day)
    }

    /// Records a disqualification that arises after appointment (changji 第十一条第二款: 受过刑事
    /// 处罚、曾被拘留…的不得担任): every current appointment in a role the fact bars ends on
    /// `day`, its reason citing the article; appointments in other roles stand.
    public func recordDisqualification(_ id: String, _ key: String, on day: Day = .today()) throws -> StaffView {
        let profile = try tenant.profile(on: day)
        try tenant.database.pool.write { db in
            let rules = StaffRules(profile: profile, db: db)
            let person = try rules.person(id, place: "--id")
            let known = rules.disqualificationKeys
            guard known.contains(key) else {
                throw PlatformError("disqualification", "'\(key)' is not a disqualification of this ordinance (known: \(known.sorted().joined(separator: ", ")))",
                                    place: "key")
            }
            try Person.addDisqualification(key, to: person.id, in: db)
            for var appointment in try Appointment.of(person: person.id, in: db) where appointment.isActive {
                guard let role = profile.role(appointment.role), let rule = role.disqualifications,
                      let barred = rule.items.first(where: { $0.key == key }) else { continue }
                appointment.endedOn = max(day.description, appointment.startedOn)
                appointment.endReason = "不得担任\(role.name)：\(barred.text)（\(StaffRules.cite(rule.article, reading: rule.reading, profile: profile) ?? "")）"
                try StaffStore.update(appointment, in: db)
            }
        }
        return try person(id, on: day)
    }

    /// Ends a person's appointment (退出); the appointment stays in the history.
    public func leave(_ id: String, role: String, unit: String?, on day: Day = .today(), reason: String) throws -> StaffView {
        let profile = try tenant.profile(on: day)
        try tenant.database.pool.write { db in
            let person = try StaffRules(profile: profile, db: db).person(id, place: "--id")
            let unitId = try unit.map { try OrgRules(profile: profile, db: db).resolve($0, place: "--unit").id! }
            let active = try Appointment.of(person: person.id, in: db)
                .filter { $0.isActive && $0.role == role && (unitId == nil || $0.unitId == unitId) }
            guard active.count == 1, var appointment = active.first else {
                let what = active.isEmpty ? "no current appointment" : "\(active.count) current appointments; give --unit"
                throw PlatformError("no-appointment", "\(person.name) has \(what) as \(role)", place: "--role")
            }
            if day.description < appointment.startedOn {
                throw PlatformError("dates", "leaving on \(day) is before the appointment began (\(appointment.startedOn))", place: "--on")
            }
            appointment.endedOn = day.description
            appointment.endReason = reason
            try StaffStore.update(appointment, in: db)
        }
        return try person(id, on: day)
    }

    /// A person with all appointments.
    public func person(_ id: String, on day: Day = .today()) throws -> StaffView {
        let profile = try tenant.profile(on: day)
        return try tenant.database.pool.read { db in
            let person = try StaffRules(profile: profile, db: db).person(id, place: "id")
            return try staffView(person, profile: profile, in: db)
        }
    }

    /// People in service, optionally only those holding `role` or serving at `unit`;
    /// with `includeFormer`, also former appointments and people never appointed.
    public func list(role: String? = nil, unit: String? = nil, includeFormer: Bool = false, on day: Day = .today()) throws -> [StaffView] {
        let profile = try tenant.profile(on: day)
        return try tenant.database.pool.read { db in
            let unitId = try unit.map { try OrgRules(profile: profile, db: db).resolve($0, place: "--unit").id! }
            return try StaffStore.people(in: db).compactMap { person in
                let view = try staffView(person, profile: profile, in: db)
                let matching = view.appointments.filter {
                    (includeFormer || $0.appointment.isActive) && (role == nil || $0.appointment.role == role)
                        && (unitId == nil || $0.appointment.unitId == unitId)
                }
                let unfiltered = role == nil && unitId == nil
                return !matching.isEmpty || (includeFormer && unfiltered) ? view : nil
            }
        }
    }

    private func staffView(_ person: Person, profile: Profile, in db: Database) throws -> StaffView {
        let appointments = try Appointment.of(person: person.id, in: db).map { a -> AppointmentView in
            let place = try a.unitId.flatMap { try OrgStore.unit($0, in: db)?.name } ?? a.department.map { profile.department($0)?.name.description ?? $0 } ?? ""
            return AppointmentView(appointment: AppointmentDetails(a), roleName: profile.role(a.role)?.name.description ?? a.role, place: place)
        }
        return StaffView(person: PersonDetails(person), disqualifications: try Person.disqualifications(of: person.id, in: db),
                         trainings: try Person.trainings(of: person.id, in: db), appointments: appointments)
    }

    /// The columns of a staff CSV: one row per appointment; a person's details on their
    /// first row. `disqualifications` is a `;`-separated list of keys.
    public static let staffColumns = (required: ["id", "name", "role"],
                                      optional: ["birth_date", "citizenship", "phone", "disqualifications", "training_passed",
                                                 "unit", "department", "started_on"])

    /// Imports people and their appointments; any error refuses the whole file.
    public func importStaff(csv text: String, file: String, on day: Day = .today()) throws -> ImportReport {
        let profile = try tenant.profile(on: day)
        let table = try CSVTable(text: text, file: file, required: Self.staffColumns.required, optional: Self.staffColumns.optional)
        return try tenant.database.pool.write { db in
            let rules = StaffRules(profile: profile, db: db)
            var problems: [Problem] = []
            for (line, row) in table.rows {
                let place = "\(file):\(line)"
                do {
                    let id = row["id"] ?? ""
                    if try StaffStore.person(id, in: db) == nil {
                        try rules.insertPerson(
                            id: id, name: row["name"] ?? "", birthDate: try date(row, "birth_date", place),
                            citizenship: row["citizenship"], phone: row["phone"],
                            disqualifications: row["disqualifications"].map { $0.split(separator: ";").map(String.init) } ?? [],
                            trainedOn: try date(row, "training_passed", place).map { [$0] } ?? [], place: place)
                    }
                    let person = try rules.person(id, place: place)
                    let unit = try row["unit"].map { try OrgRules(profile: profile, db: db).resolve($0, place: place) }
                    _ = try rules.appoint(person, role: row["role"] ?? "", unit: unit, department: row["department"],
                                          on: try date(row, "started_on", place) ?? day, place: place)
                } catch let error as PlatformError {
                    problems += error.problems.map { var p = $0; p.place = place; return p }
                }
            }
            if !problems.isEmpty { throw PlatformError(problems) }
            return ImportReport(file: file, rows: table.rows.count, warnings: table.warnings)
        }
    }

    private func date(_ row: [String: String], _ column: String, _ place: String) throws -> Day? {
        guard let text = row[column] else { return nil }
        guard let day = Day(text) else { throw PlatformError("csv", "\(column) '\(text)' is not a date (YYYY-MM-DD)", place: place) }
        return day
    }
}
