/// A role of grid staff or of the offices and departments that act in cases.
public struct Role: Sendable, Encodable {
    public var key = ""
    public var kind = Kind.fullTimeWorker
    public var name = LocalizedText([])
    /// Where the role is held: level keys, or `department`, or `public` for citizens.
    public var at: [String] = []
    public var perGrid: Count?
    public var eligibility: Eligibility?
    public var disqualifications: Disqualifications?
    public var training: Training?
    public var appointment: String?
    public var duties: String?
    public var article: Article?
    public var position = Position.start

    /// Kinds of role the platform knows; the profile names and places them.
    public enum Kind: String, Sendable, Encodable, CaseIterable {
        case gridChief = "grid_chief"
        case instructor
        case fullTimeWorker = "full_time_worker"
        case partTimeWorker = "part_time_worker"
        case teamMember = "team_member"
        case officeStaff = "office_staff"
        case departmentHandler = "department_handler"
        case supervisor
        /// Staff of a people's government who sign its decisions (e.g. approving the catalogue).
        case governmentOfficer = "government_officer"
        case admin
        case citizen

        /// Roles that serve inside a grid (网格员 and those who lead or guide them).
        public var servesInGrid: Bool {
            [.gridChief, .instructor, .fullTimeWorker, .partTimeWorker, .teamMember].contains(self)
        }
    }

    /// Holders of a role are placed at departments rather than at a level.
    public static let departmentPlace = "department"
    /// Holders of a role are members of the public.
    public static let publicPlace = "public"
}

/// How many holders of a role a grid has: at least `min`, at most `max`.
public struct Count: Sendable, Encodable {
    public var min = 0
    public var max: Int?
    public var article: Article?
    /// Where the number is a reading of the article rather than its words: how.
    public var reading: String?
    public var position = Position.start
}

/// Who may hold a role.
public struct Eligibility: Sendable, Encodable {
    public var minAge: Int?
    /// The age past which no one is appointed, and at which one serving is reported (不超过…周岁).
    public var maxAge: Int?
    /// ISO 3166 code of the citizenship required, e.g. `CN`.
    public var citizenship: String?
    /// Conditions a person checks by hand (品行端正, 身体条件 …).
    public var conditions: [String] = []
    public var article: Article?
    /// Where the rule applies to the role only by reading of the text: how.
    public var reading: String?
    public var position = Position.start
}

/// Circumstances that bar a person from a role (Changji 第十一条).
public struct Disqualifications: Sendable, Encodable {
    public var items: [Disqualification] = []
    public var article: Article?
    /// Where the rule applies to the role only by reading of the text: how.
    public var reading: String?
    public var position = Position.start
}

public struct Disqualification: Sendable, Encodable {
    public var key = ""
    public var text = ""
    public var position = Position.start
}

/// Training a role needs before service (岗前培训).
public struct Training: Sendable, Encodable {
    public var beforeService = true
    /// The level whose grid office gives the training.
    public var by: String?
    public var article: Article?
    public var position = Position.start
}

/// Conduct the law forbids to grid staff.
public struct Conduct: Sendable, Encodable {
    public var appliesTo: [String] = []
    public var prohibited: [String] = []
    public var article: Article?
    public var position = Position.start
}

/// Complaints about grid staff (投诉、举报): who may be complained about, which bodies handle
/// them (any of them, over the worker's grid), and within what time. Changji 第十六条第二款
/// says so; where a text only publishes a supervision telephone (Lhasa 第二十条, city2023
/// 第十条) the profile reads it as this procedure and says so in `reading`.
public struct Complaints: Sendable, Encodable {
    /// The roles complaints may be about.
    public var about: [String] = []
    public var handledBy: [Procedure] = []
    public var timeLimit: TimeLimit?
    public var timeLimitSource: ValueSource?
    public var article: Article?
    public var reading: String?
    public var position = Position.start
}
