import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// What a caller may see (数据使用分级准入): the cases of the grids under the org units
/// where they hold posts, the cases dispatched to their departments, and the reporter's
/// personal data their tier allows; the rest is masked.
public struct Access: Sendable {
    public var caller: Caller
    public var gridIds: Set<Int64>
    public var departments: Set<String>
    /// The tier the profile puts the caller's roles in, or `default` without tiers.
    public var tier: String
    public var personalData: Set<AccessRules.PersonalData> {
        didSet { tierKey = Self.key(personalData) }
    }
    /// The personal data seen, as one string: callers with the same key see a case alike.
    public private(set) var tierKey: String
    /// True for staff of grid offices, supervising and governing bodies: they keep org
    /// units, grids and staff.
    public var administers: Bool

    init(caller: Caller, gridIds: Set<Int64>, departments: Set<String>, tier: String, personalData: Set<AccessRules.PersonalData>,
         administers: Bool) {
        self.caller = caller
        self.gridIds = gridIds
        self.departments = departments
        self.tier = tier
        self.personalData = personalData
        self.tierKey = Self.key(personalData)
        self.administers = administers
    }

    private static func key(_ fields: Set<AccessRules.PersonalData>) -> String {
        fields.map { $0.rawValue }.sorted().joined(separator: ",")
    }

    /// Refuses a caller who does not keep org units and staff.
    public func requireAdministration(_ what: String) throws {
        guard administers else {
            throw PlatformError(.forbidden, "forbidden", "\(caller.staffId) holds no post in a grid office, so may not \(what)")
        }
    }

    /// True when the caller may see the case at all.
    public func sees(_ state: CaseState) -> Bool {
        gridIds.contains(state.place.gridId) || ([state.lead].compactMap { $0 } + state.participants).contains(where: departments.contains)
    }

    /// The personal data of `reporter` this caller sees unmasked.
    func revealed(_ reporter: Reporter) -> [AccessRules.PersonalData] {
        AccessRules.PersonalData.allCases.filter { personalData.contains($0) && reporter.value(of: $0) != nil }
    }
}

extension Reporter {
    func value(of field: AccessRules.PersonalData) -> String? {
        switch field {
        case .reporterName: name
        case .reporterPhone: phone
        case .reporterIdNumber: idNumber
        }
    }

    /// The reporter with every field the caller may not see masked: 张*, 139******00,
    /// 5401**********1234. At most half of a value's characters are ever shown, so a short
    /// value (a 9-character ID number) is not given away by its ends.
    func masked(keeping visible: Set<AccessRules.PersonalData>) -> Reporter {
        func mask(_ text: String?, keepFirst: Int, keepLast: Int) -> String? {
            guard let text else { return nil }
            let characters = Array(text)
            let shown = min(keepFirst + keepLast, characters.count / 2)
            let last = min(keepLast, shown / 2)
            let first = min(keepFirst, shown - last)
            return String(characters.prefix(first)) + String(repeating: "*", count: characters.count - first - last)
                + String(characters.suffix(last))
        }
        var copy = self
        if !visible.contains(.reporterName) { copy.name = mask(name, keepFirst: 1, keepLast: 0) }
        if !visible.contains(.reporterPhone) { copy.phone = mask(phone, keepFirst: 3, keepLast: 4) }
        if !visible.contains(.reporterIdNumber) { copy.idNumber = mask(idNumber, keepFirst: 4, keepLast: 4) }
        return copy
    }
}

extension CaseView {
    /// The view with personal data masked below the caller's tier, in the state and in the
    /// archive's opening event.
    func masked(for access: Access) -> CaseView {
        var copy = self
        copy.state.reporter = state.reporter.masked(keeping: access.personalData)
        copy.history = history?.map { event in
            var event = event
            if let reporter = event.effects.opened?.reporter {
                event.effects.opened?.reporter = reporter.masked(keeping: access.personalData)
            }
            return event
        }
        return copy
    }
}

extension AccessService {
    /// A staff member as a caller without a token (the command line's `--as`): their
    /// posts on the day of `now`.
    public func caller(staff staffId: String, at now: Date = Date()) throws -> Caller {
        let day = try tenant.day(of: now)
        let participant = try tenant.database.pool.read { try tenant.participant(staffId, on: day, in: $0) }
        return Caller(staffId: participant.staffId, tokenId: nil, participant: participant)
    }

    /// The caller's scope and tier, from the posts they hold today and the profile's tiers.
    public func scope(for caller: Caller, at now: Date = Date()) throws -> Access {
        // Posts and units change seldom: a scope computed in the last second is used again.
        let key = caller.tokenId ?? caller.staffId
        if let (access, computed) = tenant.scopes.value(key), now.timeIntervalSince(computed) < 1 { return access }
        let access = try computeAccess(for: caller)
        tenant.scopes.store(key, (access, now))
        return access
    }

    /// Kinds of role that keep org units and staff, and see all personal data by default.
    static let administeringKinds: Set<Role.Kind> = [.officeStaff, .supervisor, .governmentOfficer, .admin]

    private func computeAccess(for caller: Caller) throws -> Access {
        let profile = try tenant.profile()
        let roles = Set(caller.participant.posts.map(\.role))
        var tier = "none"
        var personal: Set<AccessRules.PersonalData> = []
        if let rules = profile.access {
            for candidate in rules.tiers where !roles.isDisjoint(with: candidate.roles) {
                tier = candidate.key
                personal.formUnion(candidate.personalData)
            }
        } else {
            // Without tiers in the profile: grid offices see everything, grid staff and
            // handling departments name and phone, others nothing.
            let kinds = Set(roles.compactMap { profile.role($0)?.kind })
            tier = "default"
            if !kinds.isDisjoint(with: Self.administeringKinds) {
                personal = Set(AccessRules.PersonalData.allCases)
            } else if kinds.contains(where: \.servesInGrid) || kinds.contains(.departmentHandler) {
                personal = [.reporterName, .reporterPhone]
            }
        }
        let units = caller.participant.posts.compactMap(\.unitId)
        let grids = try tenant.database.pool.read { try OrgStore.gridIds(under: units, in: $0) }
        let kinds = Set(roles.compactMap { profile.role($0)?.kind })
        return Access(caller: caller, gridIds: Set(grids), departments: Set(caller.participant.posts.compactMap(\.department)),
                      tier: tier, personalData: personal,
                      administers: !kinds.isDisjoint(with: Self.administeringKinds))
    }

    /// The access log, newest first: of one case when `subject` is given.
    public func accessLog(subject: String? = nil, limit: Int = 100) throws -> [AccessLogEntry] {
        try tenant.database.pool.read { db in
            try AccessLogStore.entries(subject: subject, limit: limit, in: db).map { record in
                AccessLogEntry(at: record.at, staffId: record.staffId, tokenId: record.tokenId, action: record.action,
                               subject: record.subject, fields: record.fields.split(separator: ",").map(String.init))
            }
        }
    }
}

/// One access to personal data.
public struct AccessLogEntry: Sendable, Encodable, Equatable {
    public var at: Date
    public var staffId: String
    public var tokenId: String?
    public var action: String
    public var subject: String
    public var fields: [String]
}
