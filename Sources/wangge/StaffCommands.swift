import ArgumentParser
import Ordinance
import Platform

/// `wangge -t X staff …`: people, their appointments to roles, and leaving service.
struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Grid staff, office staff and department handlers of a tenant.",
        subcommands: [Add.self, Train.self, Disqualify.self, Appoint.self, Leave.self, List.self, Show.self, Import.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a person (appoint them with 'staff appoint').")
        @OptionGroup var scope: TenantScope
        @Option(help: "Staff id, e.g. LS-W-0001.") var id: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Date of birth (YYYY-MM-DD).") var birthDate: Day?
        @Option(help: "Citizenship, ISO 3166 code, e.g. CN.") var citizenship: String?
        @Option(help: "Phone number.") var phone: String?
        @Option(help: "A disqualification fact, by the profile's key (repeatable).") var disqualification: [String] = []
        @Option(help: "Date the person passed pre-service training.") var trainedOn: Day?

        func run() throws {
            let view = try scope.with {
                try $0.staff.addPerson(id: id, name: name, birthDate: birthDate, citizenship: citizenship, phone: phone,
                                 disqualifications: disqualification, trainedOn: trainedOn.map { [$0] } ?? [])
            }
            try emit(view, format: scope.format, text: describe)
        }
    }

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that a person passed pre-service training.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Staff id.") var id: String
        @Option(help: "The date the training was passed.") var passed: Day

        func run() throws {
            let view = try scope.with { try $0.staff.recordTraining(id, passedOn: passed) }
            try emit(view, format: scope.format, text: describe)
        }
    }

    struct Disqualify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a disqualification that arose after appointment; appointments in roles it bars end, citing the article.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Staff id.") var id: String
        @Argument(help: "The disqualification's key in the profile, e.g. detention.") var key: String
        @Option(help: "The day it is recorded (default: today).") var on: Day?

        func run() throws {
            let view = try scope.with { try $0.staff.recordDisqualification(id, key, on: on ?? .today()) }
            try emit(view, format: scope.format, text: describe)
        }
    }

    struct Appoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Appoint a person to a role at a unit or department; refused, citing the article, if the law does not allow it.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Staff id.") var id: String
        @Option(help: "A role of the profile, e.g. grid_chief.") var role: String
        @Option(help: "The unit: id, grid code or division code.") var unit: String?
        @Option(help: "The department code, for department roles; with --unit, the government the department belongs to (a county's 公安分局), whose catalogue it applies to.") var department: String?
        @Option(help: "Start date (default today).") var on: Day?

        func run() throws {
            let view = try scope.with { try $0.staff.appoint(id, role: role, unit: unit, department: department, on: on ?? .today()) }
            try emit(view, format: scope.format, text: describe)
        }
    }

    struct Leave: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End an appointment (退出); the history is kept.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Staff id.") var id: String
        @Option(help: "The role left.") var role: String
        @Option(help: "The unit, when the person holds the role at several.") var unit: String?
        @Option(help: "Last day (default today).") var on: Day?
        @Option(help: "Why the person leaves.") var reason: String

        func run() throws {
            let view = try scope.with { try $0.staff.leave(id, role: role, unit: unit, on: on ?? .today(), reason: reason) }
            try emit(view, format: scope.format, text: describe)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "People in service, by role or unit.")
        @OptionGroup var scope: TenantScope
        @Option(help: "Only holders of this role.") var role: String?
        @Option(help: "Only people serving at this unit.") var unit: String?
        @Flag(help: "Include former appointments.") var all = false

        func run() throws {
            let people = try scope.with { try $0.staff.list(role: role, unit: unit, includeFormer: all) }
            try emit(people, format: scope.format) { $0.flatMap(describe) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A person with every appointment, current and former.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Staff id.") var id: String

        func run() throws {
            let view = try scope.with { try $0.staff.person(id) }
            try emit(view, format: scope.format, text: describe)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import people and appointments from CSV; any bad row refuses the whole file.",
            discussion: "Columns: id,name,role, and optionally birth_date,citizenship,phone,disqualifications (';'-separated keys),training_passed,unit,department,started_on.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The CSV file.") var file: String

        func run() throws {
            let text = try readText(file)
            let report = try scope.with { try $0.staff.importStaff(csv: text, file: file) }
            try emit(report, format: scope.format) { ["imported \($0.rows) appointments from \($0.file)"] }
        }
    }
}

private func describe(_ view: StaffView) -> [String] {
    let p = view.person
    var lines = ["\(p.id) \(p.name)" + [p.birthDate.map { " born \($0)" }, p.citizenship.map { " \($0)" }, p.phone.map { " ☎ \($0)" }]
        .compactMap { $0 }.joined()]
    if !view.trainings.isEmpty { lines.append("  trained: \(view.trainings.joined(separator: ", "))") }
    if !view.disqualifications.isEmpty { lines.append("  disqualifications: \(view.disqualifications.joined(separator: ", "))") }
    for a in view.appointments {
        let until = a.appointment.endedOn.map { " – \($0) (\(a.appointment.endReason ?? ""))" } ?? " –"
        lines.append("  \(a.roleName) at \(a.place) from \(a.appointment.startedOn)\(until)")
    }
    return lines
}
