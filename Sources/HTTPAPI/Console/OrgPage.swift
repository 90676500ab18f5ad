import Foundation
import Hummingbird
import Ordinance
import Platform

/// Org units, grids and staff in the console, for grid offices: the tree of units, each
/// grid with its staff and the rules it breaks (understaffed, size), and the staff list.
enum OrgPage {
    struct Unit {
        var name: String
        var level: String
        var divisionCode: String?
        var indent: Int
    }

    struct Person {
        var id: String
        var name: String
        var posts: String
    }

    struct Page {
        var units: [Unit]
        var grids: [GridReview]
        var flagged: Int
        var staff: [Person]
    }

    @Sendable static func show(_ call: Call) async throws -> Response {
        try await Console.page(call, section: "org") { session in
            let access = try call.tenant.access.scope(for: session.caller, at: call.now)
            try access.requireAdministration("review org units and staff")
            let day = try call.tenant.day(of: call.now)
            let words = WebPage.words(call, try Console.language(call).0) ?? [:]
            let units = try call.tenant.org.units(on: day).map {
                Unit(name: $0.name, level: $0.levelName, divisionCode: $0.divisionCode ?? $0.grid?.code ?? $0.subGrid?.code, indent: min($0.depth, 6))
            }
            let grids = try call.tenant.org.review(on: day)
            let staff = try call.tenant.staff.list(on: day).map { view in
                Person(id: view.person.id, name: view.person.name,
                       posts: view.appointments.map { "\($0.place) \($0.roleName)" }.joined(separator: "、"))
            }
            let page = Page(units: units, grids: grids.filter { !$0.findings.isEmpty } + grids.filter(\.findings.isEmpty),
                            flagged: grids.filter { !$0.findings.isEmpty }.count, staff: staff)
            return ("org", words["console_org"] ?? "", page)
        }
    }
}
