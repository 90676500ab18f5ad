import GRDB
import Ordinance
import Store

/// The rules of appointment from the tenant's profile: where a role is held, age,
/// citizenship, disqualifications, training before service, and how many per grid.
/// Each refusal quotes the article it comes from.
struct StaffRules {
    let profile: Profile
    let db: Database

    /// Disqualification keys any role of the profile knows.
    var disqualificationKeys: Set<String> {
        Set(profile.roles.flatMap { $0.disqualifications?.items.map(\.key) ?? [] })
    }

    func insertPerson(id: String, name: String, birthDate: Day?, citizenship: String?, phone: String?,
                      disqualifications: [String], trainedOn: [Day], place: String) throws {
        if id.isEmpty || !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            throw PlatformError("staff-id", "'\(id)' is not a staff id: ASCII letters, digits, '-' and '_'", place: place)
        }
        if name.isEmpty { throw PlatformError("staff-name", "a person needs a name", place: place) }
        if try StaffStore.person(id, in: db) != nil {
            throw PlatformError("duplicate-staff", "staff id \(id) is already used", place: place)
        }
        let known = disqualificationKeys
        for key in disqualifications where !known.contains(key) {
            throw PlatformError("disqualification", "'\(key)' is not a disqualification of this ordinance (known: \(known.sorted().joined(separator: ", ")))",
                                place: place)
        }
        try StaffStore.insert(Person(id: id, name: name, birthDate: birthDate?.description, citizenship: citizenship, phone: phone,
                                     createdAt: timestamp()), in: db)
        for key in disqualifications { try Person.addDisqualification(key, to: id, in: db) }
        for day in trainedOn { try Person.addTraining(passedOn: day.description, to: id, in: db) }
    }

    func person(_ id: String, place: String) throws -> Person {
        guard let person = try StaffStore.person(id, in: db) else {
            throw PlatformError(.notFound, "unknown-staff", "no staff with id '\(id)'", place: place)
        }
        return person
    }

    /// Appoints `person` to `role` at a unit or a department from `day`, if the law allows.
    func appoint(_ person: Person, role key: String, unit: OrgUnit?, department: String?, on day: Day, place: String) throws -> Appointment {
        guard let role = profile.role(key) else {
            throw PlatformError("unknown-role", "no role '\(key)' in the profile (roles: \(profile.roles.map(\.key).joined(separator: ", ")))",
                                place: place)
        }
        let cite = profile.cite(role.article)
        if role.kind == .citizen { throw PlatformError("role-place", "\(role.name) is not an appointment", article: cite, place: place) }
        try checkPlace(role, unit: unit, department: department, place: place)
        try checkEligibility(person, role: role, on: day, place: place)
        try checkDisqualifications(person, role: role, place: place)
        try checkTraining(person, role: role, on: day, place: place)
        if let unit {
            let active = try Appointment.active(role: key, unitId: unit.id!, in: db)
            if active.contains(where: { $0.personId == person.id }) {
                throw PlatformError("duplicate-appointment", "\(person.name) already serves as \(role.name) at \(unit.name)", place: place)
            }
            if let max = role.perGrid?.max, active.count >= max {
                throw PlatformError("per-grid", "\(unit.name) already has \(active.count) \(role.name) (at most \(max) per grid)",
                                    article: Self.cite(role.perGrid?.article, reading: role.perGrid?.reading, profile: profile),
                                    place: place)
            }
        }
        return try StaffStore.insert(Appointment(personId: person.id, role: key, unitId: unit?.id, department: department,
                                                 startedOn: day.description), in: db)
    }

    /// What would bar an existing appointment under this profile on `day`: a role it no
    /// longer has, a place the role may not hold, eligibility, disqualifications, training.
    func bars(_ person: Person, role key: String, unit: OrgUnit?, department: String?, on day: Day, place: String) -> [Problem] {
        guard let role = profile.role(key) else {
            return [Problem("unknown-role", "the amended profile has no role '\(key)' (roles: \(profile.roles.map(\.key).joined(separator: ", ")))", place: place)]
        }
        let checks: [() throws -> Void] = [
            { try checkPlace(role, unit: unit, department: department, place: place) },
            { try checkEligibility(person, role: role, on: day, place: place) },
            { try checkDisqualifications(person, role: role, place: place) },
            { try checkTraining(person, role: role, on: day, place: place) },
        ]
        return checks.flatMap { check -> [Problem] in
            do { try check(); return [] } catch let error as PlatformError { return error.problems } catch { return [Problem("staff-rule", "\(error)", place: place)] }
        }
    }

    private func checkPlace(_ role: Role, unit: OrgUnit?, department: String?, place: String) throws {
        let cite = profile.cite(role.article)
        if role.at.contains(Role.departmentPlace) {
            guard let department else {
                throw PlatformError("role-place", "\(role.name) serves at a department: give --department", article: cite, place: place)
            }
            guard profile.department(department) != nil else {
                throw PlatformError("unknown-department", "no department '\(department)' (departments: \(profile.departments.map(\.code).joined(separator: ", ")))",
                                    place: place)
            }
            // With a unit: the government the department belongs to (a county's 公安分局), at a
            // level whose body compiles a catalogue or has a grid office.
            if let unit {
                let levels = Set(profile.catalogue.compiledBy + profile.levels.filter { $0.office != nil }.map(\.key))
                guard levels.contains(unit.level) else {
                    throw PlatformError("role-place", "a department belongs to a government at \(levels.sorted().joined(separator: " or ")) level, but \(unit.name) is a \(unit.level) unit",
                                        article: cite, place: place)
                }
            }
            return
        }
        guard let unit, department == nil else {
            throw PlatformError("role-place", "\(role.name) serves at a unit of level \(role.at.joined(separator: " or ")): give --unit",
                                article: cite, place: place)
        }
        if !role.at.contains(unit.level) {
            throw PlatformError("role-place", "\(role.name) serves at \(role.at.joined(separator: " or ")) level, but \(unit.name) is a \(unit.level) unit",
                                article: cite, place: place)
        }
    }

    private func checkEligibility(_ person: Person, role: Role, on day: Day, place: String) throws {
        guard let rule = role.eligibility else { return }
        let cite = Self.cite(rule.article, reading: rule.reading, profile: profile)
        if let minAge = rule.minAge {
            guard let birth = person.birthDate.flatMap(Day.init) else {
                throw PlatformError("eligibility", "\(role.name) must be at least \(minAge); record \(person.name)'s date of birth first",
                                    article: cite, place: place)
            }
            let age = birth.years(until: day)
            if age < minAge {
                throw PlatformError("eligibility", "\(person.name) is \(age) on \(day); \(role.name) must be at least \(minAge)",
                                    article: cite, place: place)
            }
        }
        if let maxAge = rule.maxAge {
            guard let birth = person.birthDate.flatMap(Day.init) else {
                throw PlatformError("eligibility", "\(role.name) must be at most \(maxAge); record \(person.name)'s date of birth first",
                                    article: cite, place: place)
            }
            let age = birth.years(until: day)
            if age > maxAge {
                throw PlatformError("eligibility", "\(person.name) is \(age) on \(day); \(role.name) must be at most \(maxAge)",
                                    article: cite, place: place)
            }
        }
        if let country = rule.citizenship, person.citizenship != country {
            throw PlatformError("eligibility", "\(role.name) must be a citizen of \(country); \(person.name)'s citizenship is \(person.citizenship ?? "not recorded")",
                                article: cite, place: place)
        }
    }

    private func checkDisqualifications(_ person: Person, role: Role, place: String) throws {
        guard let rule = role.disqualifications else { return }
        let facts = Set(try Person.disqualifications(of: person.id, in: db))
        if let barred = rule.items.first(where: { facts.contains($0.key) }) {
            throw PlatformError("disqualified", "\(person.name) may not serve as \(role.name): \(barred.text)",
                                article: Self.cite(rule.article, reading: rule.reading, profile: profile), place: place)
        }
    }

    /// The article, and how it is read where the rule rests on a reading.
    static func cite(_ article: Article?, reading: String?, profile: Profile) -> String? {
        profile.cite(article).map { cited in reading.map { "\(cited)（解读：\($0)）" } ?? cited }
    }

    private func checkTraining(_ person: Person, role: Role, on day: Day, place: String) throws {
        guard let training = role.training, training.beforeService else { return }
        let passed = try Person.trainings(of: person.id, in: db).compactMap(Day.init)
        if !passed.contains(where: { $0 <= day }) {
            throw PlatformError("training", "\(role.name) serves only after passing pre-service training; \(person.name) has none recorded on or before \(day)",
                                article: profile.cite(training.article), place: place)
        }
    }
}
