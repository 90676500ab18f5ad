import Foundation
import Ordinance

/// What a department asks of the catalogue: to admit an item (纳入), to change one
/// (调整: its name, category, department, time limit), or to withdraw one (退出).
public struct CatalogueProposal: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable, CaseIterable {
        case admit, amend, withdraw
    }

    public var action: Action
    public var code: String
    /// Names by language; for admission, one in every publication language.
    public var names: [String: String]
    public var category: String?
    public var department: String?
    public var timeLimit: TimeLimit?
    public var resources: String?
    /// The item's legal basis, a citation of the ordinance (第二十一条第八项); on admission
    /// it defaults to the article of the admission procedure.
    public var article: String?
    /// Why the department asks.
    public var reason: String

    public init(action: Action, code: String, names: [String: String] = [:], category: String? = nil,
                department: String? = nil, timeLimit: TimeLimit? = nil, resources: String? = nil, article: String? = nil,
                reason: String) {
        self.action = action
        self.code = code
        self.names = names
        self.category = category
        self.department = department
        self.timeLimit = timeLimit
        self.resources = resources
        self.article = article
        self.reason = reason
    }

    /// The entry this proposal makes of `current` (nil when admitting), at `revision`.
    public func entry(from current: CatalogueEntry?, revision: Int, article: String?) -> CatalogueEntry {
        var entry = current ?? CatalogueEntry(code: code, revision: revision, names: [:], category: "", department: "",
                                              timeLimit: TimeLimit(1, .workdays), article: article)
        entry.revision = revision
        entry.names.merge(names) { _, new in new }
        if let category { entry.category = category }
        if let department { entry.department = department }
        if let timeLimit { entry.timeLimit = timeLimit }
        if let resources { entry.resources = resources }
        if let article = self.article { entry.article = article }
        entry.inCatalogue = action != .withdraw
        return entry
    }
}

/// An application to the catalogue, as the kernel runs it through the admission or exit
/// procedure of the profile.
public struct CatalogueApplication: DecidedProcedure {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Waiting for review or decision.
        case pending
        case approved, refused, withdrawn
        /// Exit by notification (Lhasa 第二十二条第三款): in effect once the office is told.
        case notified

        /// True once the catalogue has changed because of the application.
        public var takesEffect: Bool { self == .approved || self == .notified }
    }

    public var id: String
    public var profileVersion: Day
    public var proposal: CatalogueProposal
    /// The department that applies: the item's handling department.
    public var department: String
    public var applicant: String
    public var status: Status
    /// Steps still to come: `review` (when the profile asks for one) and `decide`.
    public var pending: [String]
    public var review: String?
    /// The item's latest revision when the application was filed (0: none); nil in
    /// applications filed before the platform kept it.
    public var base: Int?
    public var appliedAt: Date
    public var version: Int
    /// The catalogue applied to: the unit of the applying department's government, where the
    /// body of that level compiles its own ("同级"); nil for the tenant-wide catalogue.
    public var scope: Int64?
    public var scopeName: String?
}

/// What someone does to a catalogue application.
public enum ApplicationCommand: Sendable, Equatable {
    case apply(id: String, CatalogueProposal)
    /// The review the profile requires before the decision (专家调研论证、评估审核).
    case review(opinion: String)
    /// `attested`: the deciding body attests that the item is none of the kinds the law keeps
    /// out of the catalogue (required where the profile lists forbidden categories).
    case approve(note: String?, attested: Bool = false)
    case refuse(reason: String)
    /// The applicant takes the application back while it is pending.
    case withdraw(reason: String)
    /// The applicant restates a pending application against the item as it stands now,
    /// after the item changed since it was filed.
    case refresh

    static let reviewKind = "review"

    public var name: String {
        switch self {
        case .apply: "apply"
        case .review: Self.reviewKind
        case .approve: "approve"
        case .refuse: "refuse"
        case .withdraw: "withdraw"
        case .refresh: "refresh"
        }
    }
}
