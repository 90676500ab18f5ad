import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// A case as the front ends show it: its state, names for its codes, and its timeline.
public struct CaseView: Sendable, Encodable {
    public var state: CaseState
    public var itemName: String
    public var gridName: String
    public var gridCode: String
    public var pending: [StepView]
    public var history: [CaseEvent]?
}

public struct StepView: Sendable, Encodable {
    public var key: String
    public var kind: String
    public var name: String
    public var article: String?
    /// The step's fixed time limit and where it comes from (`第十七条第二款`, or
    /// `local: <source>` for one the ordinance does not set).
    public var timeLimit: String?
    public var timeLimitSource: String?
    /// True when the time limit is a local rule, not the ordinance's.
    public var localLimit: Bool

    init(_ step: Step, profile: Profile) {
        (key, kind, name, article) = (step.key, step.kind.rawValue, step.name.description, step.basis(citing: profile.cite))
        if case .fixed(let time) = step.timeLimit { timeLimit = time.description }
        timeLimitSource = step.timeLimitSource?.label
        localLimit = step.timeLimitSource?.isLocal == true
    }
}

extension Tenant {
    /// The kernel for the profile version a case is pinned to.
    func kernel(for version: Day) throws -> Kernel {
        guard let kernel = kernels[version] else {
            throw PlatformError("profile-version", "the profile version \(version) this case was reported under is no longer in \(entry.profileFolder)")
        }
        return kernel
    }

    /// The kernel of the profile version in force at `now`.
    func currentKernel(at now: Date) throws -> Kernel {
        let day = try kernel(for: try profile().ordinance.effective!).calendar.day(of: now)
        return try kernel(for: try profile(on: day).ordinance.effective!)
    }

    /// The calendar day `now` falls on in the tenant's time zone.
    public func day(of now: Date) throws -> Day {
        try currentKernel(at: now).calendar.day(of: now)
    }

    /// The posts a staff member holds on `day`, with the level of each post's org unit.
    func participant(_ staffId: String, on day: Day, in db: Database, place: String = "--as") throws -> Participant {
        if staffId == Participant.platform.staffId { return .platform }
        guard let person = try StaffStore.person(staffId, in: db) else {
            throw PlatformError(.notFound, "unknown-staff", "no staff with id '\(staffId)'", place: place)
        }
        let posts = try StaffStore.posts(of: staffId, in: db).compactMap { post -> Post? in
            let appointment = post.appointment
            guard appointment.startedOn <= day.description, appointment.endedOn.map({ $0 >= day.description }) ?? true else { return nil }
            return Post(role: appointment.role, unitId: appointment.unitId, level: post.unitLevel, unitName: post.unitName,
                        department: appointment.department)
        }
        return Participant(staffId: staffId, name: person.name, posts: posts)
    }

    /// A grid and its ancestors, by level.
    func place(ofGrid reference: String, profile: Profile, in db: Database) throws -> CasePlace {
        let unit = try OrgRules(profile: profile, db: db).resolve(reference, place: "--grid")
        guard try OrgStore.grid(unitId: unit.id!, in: db) != nil else {
            throw PlatformError("not-a-grid", "'\(unit.name)' is not a grid; matters are reported in a grid", place: "--grid")
        }
        let lineage = try OrgUnit.lineage(of: unit.id!, in: db)
        return CasePlace(gridId: unit.id!, units: Dictionary(lineage.map { ($0.level, $0.id!) }, uniquingKeysWith: { a, _ in a }),
                         names: Dictionary(lineage.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a }))
    }

    func view(_ state: CaseState, profile: Profile, history: Bool, in db: Database) throws -> CaseView {
        let gridCode = try self.gridCode(state.place.gridId, in: db)
        let itemName = try itemName(state, profile: profile, in: db)
        return CaseView(
            state: state, itemName: itemName,
            gridName: state.place.names[state.place.gridId] ?? "", gridCode: gridCode ?? "",
            pending: state.pending.compactMap(profile.step).map { StepView($0, profile: profile) },
            history: history ? try CaseStore.events(state.id, in: db) : nil)
    }

    /// A grid's code; codes are given once, when the grid is added, so each is read once.
    func gridCode(_ gridId: Int64, in db: Database) throws -> String? {
        if let code = gridCodes.value(gridId) { return code }
        let code = try OrgStore.grid(unitId: gridId, in: db)?.code
        if let code { gridCodes.store(gridId, code) }
        return code
    }

    /// The latest revision of an item; revisions never change, so each is decoded once.
    func liveEntry(_ code: String, in db: Database) throws -> CatalogueEntry? {
        guard let revision = try CatalogueStore.latestRevision(code, in: db) else { return nil }
        let key = "\(code)#\(revision)"
        if let entry = entries.value(key) { return entry }
        let entry = try CatalogueStore.revision(code, revision, in: db)
        if let entry { entries.store(key, entry) }
        return entry
    }

    /// The name of the case's item revision; revisions never change, so names are kept once read.
    func itemName(_ state: CaseState, profile: Profile, in db: Database) throws -> String {
        guard let revision = state.itemRevision else { return profile.item(state.item)?.name.description ?? state.item }
        let key = "\(state.item)#\(revision)"
        if let name = itemNames.value(key) { return name }
        let name = try CatalogueStore.revision(state.item, revision, in: db)?.name(in: profile.publication.primaryLanguage) ?? state.item
        itemNames.store(key, name)
        return name
    }

    func refusing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let refusal as Refusal {
            throw PlatformError([Problem(refusal)])
        }
    }
}
