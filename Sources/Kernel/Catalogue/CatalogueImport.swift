import Foundation
import Ordinance

/// One change an import makes to an item, as prepared: the item before and after, and the
/// revision it was prepared against, so that a decision never undoes a later change.
public struct CatalogueChange: Sendable, Codable, Equatable {
    public var action: CatalogueProposal.Action
    public var code: String
    /// The item's latest revision when the change was prepared; 0 when it never existed.
    public var base: Int
    /// The item as it stood then (nil for a code never seen).
    public var before: CatalogueEntry?
    /// The item as the change makes it, at revision `base + 1`.
    public var after: CatalogueEntry
    /// What differs, field by field.
    public var fields: [FieldChange]

    public init(code: String, before: CatalogueEntry?, after: CatalogueEntry, languages: [String]) {
        let live = before?.inCatalogue == true
        self.action = !after.inCatalogue ? .withdraw : (live ? .amend : .admit)
        self.code = code
        self.base = before?.revision ?? 0
        self.before = before
        var after = after
        after.revision = base + 1
        self.after = after
        self.fields = CatalogueEntry.changes(from: before, to: after, languages: languages)
    }
}

/// A whole-catalogue change prepared by the compiling office (an import, or the revert of
/// an earlier change) and decided at once by whoever decides catalogue applications.
public struct CatalogueImport: DecidedProcedure {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case pending, approved, refused, withdrawn
        /// Every change is an exit by notification: in effect once the office records it.
        case notified

        public var takesEffect: Bool { self == .approved || self == .notified }
    }

    public var id: String
    public var profileVersion: Day
    /// The file imported, or `revert <id>`.
    public var source: String
    /// The application or import this one undoes.
    public var reverts: String?
    public var reason: String
    /// The compiling office's staff member who prepared it.
    public var preparedBy: String
    public var status: Status
    /// Steps still to come: `review` (when the profile asks for one) and `decide`.
    public var pending: [String]
    public var review: String?
    public var changes: [CatalogueChange]
    public var preparedAt: Date
    public var version: Int

    public init(id: String, profileVersion: Day, source: String, reverts: String? = nil, reason: String, preparedBy: String,
                changes: [CatalogueChange], preparedAt: Date) {
        self.id = id
        self.profileVersion = profileVersion
        self.source = source
        self.reverts = reverts
        self.reason = reason
        self.preparedBy = preparedBy
        self.status = .pending
        self.pending = []
        self.review = nil
        self.changes = changes
        self.preparedAt = preparedAt
        self.version = 0
    }

}

/// What someone does to a prepared import.
public enum ImportCommand: Sendable, Equatable {
    /// The compiling office submits what it prepared.
    case submit(CatalogueImport)
    case review(opinion: String)
    case approve(note: String?, attested: Bool = false)
    case refuse(reason: String)
    /// The compiling office takes it back while it is pending.
    case withdraw(reason: String)
    /// The compiling office restates the changes against the catalogue as it stands now.
    case refresh([CatalogueChange])

    public var name: String {
        switch self {
        case .submit: "submit"
        case .review: ApplicationCommand.reviewKind
        case .approve: "approve"
        case .refuse: "refuse"
        case .withdraw: "withdraw"
        case .refresh: "refresh"
        }
    }
}
