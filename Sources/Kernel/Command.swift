import Foundation
import Ordinance

/// What someone asks of a case. The kernel decides whether the law allows it.
public enum Command: Sendable, Equatable {
    case report(NewCase)
    case resolveOnSite(note: String?)
    case accept(note: String?)
    case reject(reason: String)
    case dispatch(lead: String, participants: [String], note: String?)
    case escalate(note: String?)
    case handle(unit: String, result: String)
    case feedBack(note: String)
    case verify(passed: Bool, note: String?)
    case close(note: String?)
    case returnCase(reason: String)
    case reopen(reason: String)
    /// Triage of a matter not in the catalogue: file it under `item` (the platform finds the
    /// live catalogue's `entry`), or, with no item, answer with `note` that it is outside the
    /// grid's work.
    case triage(item: String?, entry: CatalogueEntry?, note: String?)
    /// Refers the case to the coordination meeting the profile defines.
    case refer(note: String?)
    /// Records the meeting's decision: the lead unit and participating units the dispatch must follow.
    case recordMeeting(lead: String, participants: [String], decision: String)
    /// Skips an optional pending step, with the reason (e.g. no on-site check is needed).
    case skip(step: String, reason: String)
    /// Records the reporter's rating of the result (评价).
    case rate(rating: String, note: String?)
    /// The reporter asks for a review of the result (复核).
    case requestReview(reason: String)

    /// The name used in events and on the command line.
    public var name: String {
        switch self {
        case .report: "report"
        case .resolveOnSite: "resolve_on_site"
        case .accept: "accept"
        case .reject: "reject"
        case .dispatch: "dispatch"
        case .escalate: "escalate"
        case .handle: "handle"
        case .feedBack: "feed_back"
        case .verify: "verify"
        case .close: "close"
        case .returnCase: "return"
        case .reopen: "reopen"
        case .triage: "triage"
        case .refer: "refer"
        case .recordMeeting: "record_meeting"
        case .skip: "skip"
        case .rate: "rate"
        case .requestReview: "review"
        }
    }

    /// The step kind the command performs (reopen performs none).
    var stepKind: Step.Kind? {
        switch self {
        case .report: .report
        case .resolveOnSite: .resolveOnSite
        case .accept: .accept
        case .reject: .reject
        case .dispatch: .dispatch
        case .escalate: .escalate
        case .handle: .handle
        case .feedBack: .feedBack
        case .verify: .verify
        case .close: .close
        case .returnCase: .return
        case .triage: .triage
        case .refer: .refer
        case .recordMeeting: .meeting
        case .rate: .rate
        case .requestReview: .review
        case .skip, .reopen: nil
        }
    }
}

/// A new matter: what, where, who reported it and how.
public struct NewCase: Sendable, Equatable {
    public var id: String
    /// The item code the reporter gave.
    public var item: String
    /// The live catalogue's revision of that item, if it has one.
    public var entry: CatalogueEntry?
    /// The category the reporter meant, when the item is not in the catalogue; a
    /// forbidden category is refused with its article.
    public var category: String?
    public var place: CasePlace
    public var reporter: Reporter
    public var emergency: Bool
    public var note: String?
    public var origin: CaseOrigin?

    public init(id: String, item: String, entry: CatalogueEntry?, category: String? = nil, place: CasePlace, reporter: Reporter,
                emergency: Bool = false, note: String? = nil, origin: CaseOrigin? = nil) {
        self.origin = origin.flatMap { $0.isEmpty ? nil : $0 }
        self.id = id
        self.item = item
        self.entry = entry
        self.category = category
        self.place = place
        self.reporter = reporter
        self.emergency = emergency
        self.note = note
    }
}
