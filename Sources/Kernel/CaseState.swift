import Foundation
import Ordinance

/// A case (案卷) as the kernel sees it: what was reported where, under which profile
/// version, and where it stands in the workflow. It is the fold of the case's events.
public struct CaseState: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// `answered`: a matter not in the catalogue, answered at triage as outside the grid's work.
        case open, closed, rejected, answered
    }

    public var id: String
    /// The profile version in force when the case was reported; it governs the case to the end.
    public var profileVersion: Day
    /// The catalogue item the case is under; empty while a matter not in the catalogue
    /// waits for triage.
    public var item: String
    /// The catalogue revision of the item the case was reported under, and its time limit:
    /// a later change to the catalogue does not change an open case's terms. Nil for cases
    /// reported before the catalogue was revisioned (their item is the profile's).
    public var itemRevision: Int?
    public var itemTimeLimit: TimeLimit?
    public var place: CasePlace
    public var reporter: Reporter
    public var emergency: Bool
    public var status: Status
    /// The last step completed.
    public var position: String
    /// The steps that may come next.
    public var pending: [String]
    /// The level whose grid office has the case (where it was reported, or escalated to).
    public var officeLevel: String
    /// Departments the case was dispatched to: one lead unit and any participating units.
    public var lead: String?
    public var participants: [String]
    /// Each unit's recorded result of handling.
    public var results: [String: String]
    public var reportedAt: Date
    /// When the pending work is due, from the profile's time limits on the working calendar.
    public var dueAt: Date?
    public var overdue: Bool
    /// How many events the case has; the next event's sequence number.
    public var version: Int
    /// The coordination meeting's decision the next dispatch must follow, if the case was referred.
    public var meetingDecision: MeetingDecision?
    /// When the pending steps became pending: an optional step's own time limit runs from here.
    public var pendingSince: Date?
    /// The category of the case's item, for conditions on steps.
    public var itemCategory: String?
    /// The reporter's rating of the result (评价), if given.
    public var rating: String?
    /// How many reviews (复核) the reporter has asked for.
    public var reviews: Int?
    /// How many times the case was reopened, and when it last ended.
    public var reopens: Int?
    public var endedAt: Date?
    /// Failed checks (核查未通过) so far.
    public var failures: Int?
    /// The supervision chain's stage reached while the case is overdue (1 = the first), and
    /// when that stage's time runs out.
    public var supervisionStage: Int?
    public var stageDueAt: Date?
    /// Where and how the report came in beyond its grid: a point, an address, photos, the
    /// client that filed it (an Open311 key). Nil for reports that gave only a grid.
    public var origin: CaseOrigin?
}

/// What a report said about its place and carried with it, kept as given: the grid it
/// was routed to is in `CasePlace`.
public struct CaseOrigin: Sendable, Codable, Equatable {
    /// WGS 84 latitude and longitude, when the reporter gave a point.
    public var lat: Double?
    public var long: Double?
    /// The address as given (`address_string`), or the register's address the report named (`address_id`).
    public var address: String?
    public var addressId: String?
    /// Links to photos or other media the reporter attached.
    public var media: [String]
    /// The client that filed the report: the name of its Open311 key.
    public var client: String?
    /// True when the reporter agreed that their description be shown publicly.
    public var publicDescription: Bool?

    public init(lat: Double? = nil, long: Double? = nil, address: String? = nil, addressId: String? = nil, media: [String] = [],
                client: String? = nil, publicDescription: Bool = false) {
        self.publicDescription = publicDescription ? true : nil
        self.lat = lat
        self.long = long
        self.address = address
        self.addressId = addressId
        self.media = media
        self.client = client
    }

    /// Whether there is anything to keep.
    public var isEmpty: Bool { lat == nil && long == nil && address == nil && addressId == nil && media.isEmpty && client == nil }
}

/// What a coordination meeting decided for a case: who leads, who takes part, and why.
public struct MeetingDecision: Sendable, Codable, Equatable {
    /// The meeting step that recorded it, and the meeting's name.
    public var step: String
    public var meeting: String
    public var lead: String
    public var participants: [String]
    public var decision: String
    /// The article that sets up the meeting, as cited.
    public var article: String?

    public init(step: String, meeting: String, lead: String, participants: [String], decision: String, article: String?) {
        self.step = step
        self.meeting = meeting
        self.lead = lead
        self.participants = participants
        self.decision = decision
        self.article = article
    }
}

/// Where a case is: its grid, and the grid's ancestors by level.
public struct CasePlace: Sendable, Codable, Equatable {
    public var gridId: Int64
    /// Org unit ids by level key, the grid's own level included.
    public var units: [String: Int64]
    /// Display names by unit id, for messages.
    public var names: [Int64: String]

    public init(gridId: Int64, units: [String: Int64], names: [Int64: String]) {
        self.gridId = gridId
        self.units = units
        self.names = names
    }

    private enum CodingKeys: String, CodingKey { case gridId, units, names }

    /// `names` is written as an object keyed by unit id (`{"12": "第一网格"}`): a dictionary
    /// with integer keys would be written as a list alternating ids and names, in an order
    /// that changes between runs. Cases archived in that older form still read.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(gridId, forKey: .gridId)
        try container.encode(units, forKey: .units)
        try container.encode(Dictionary(uniqueKeysWithValues: names.map { (String($0.key), $0.value) }), forKey: .names)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        gridId = try container.decode(Int64.self, forKey: .gridId)
        units = try container.decode([String: Int64].self, forKey: .units)
        if let byText = try? container.decode([String: String].self, forKey: .names) {
            var names: [Int64: String] = [:]
            for (key, name) in byText {
                guard let id = Int64(key) else {
                    throw DecodingError.dataCorruptedError(forKey: .names, in: container, debugDescription: "'\(key)' is not a unit id")
                }
                names[id] = name
            }
            self.names = names
        } else {
            names = try container.decode([Int64: String].self, forKey: .names)
        }
    }
}

/// Who reported a matter. Personal data, masked below the tier the profile allows.
public struct Reporter: Sendable, Codable, Equatable {
    public var channel: Step.Channel
    public var name: String?
    public var phone: String?
    public var idNumber: String?

    public init(channel: Step.Channel, name: String? = nil, phone: String? = nil, idNumber: String? = nil) {
        self.channel = channel
        self.name = name
        self.phone = phone
        self.idNumber = idNumber
    }
}

/// Who acts: a staff member and the posts they hold on the day, as the platform found them.
public struct Participant: Sendable, Equatable {
    public var staffId: String
    public var name: String
    public var posts: [Post]

    public init(staffId: String, name: String, posts: [Post]) {
        self.staffId = staffId
        self.name = name
        self.posts = posts
    }

    /// The platform itself, filing reports that citizens made online.
    public static let platform = Participant(staffId: "platform", name: "网格化服务管理信息平台", posts: [])
    /// The supervision sweep.
    public static let system = Participant(staffId: "system", name: "督办", posts: [])
}

/// A role held at an org unit (of a level), or at a department.
public struct Post: Sendable, Equatable {
    public var role: String
    public var unitId: Int64?
    /// The level and name of the org unit.
    public var level: String?
    public var unitName: String?
    public var department: String?

    public init(role: String, unitId: Int64? = nil, level: String? = nil, unitName: String? = nil, department: String? = nil) {
        self.role = role
        self.unitId = unitId
        self.level = level
        self.unitName = unitName
        self.department = department
    }
}
