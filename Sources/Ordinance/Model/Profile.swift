/// One version of a city's ordinance, encoded as data: everything the platform does for
/// that city follows from it. A profile is read from one YAML file named by its
/// effective date (`ordinances/<tenant>/<effective-date>.yaml`).
public struct Profile: Sendable, Encodable {
    /// The file the profile was read from, as given to the loader.
    public var file = ""
    /// The format version, `wangge/ordinance-profile/1`.
    public var format = ""
    public var ordinance = OrdinanceInfo()
    public var publication = Publication()
    /// Levels of government from the top (市) down to the grid (网格).
    public var levels: [Level] = []
    public var grids = GridRules()
    public var roles: [Role] = []
    public var conduct: Conduct?
    public var complaints: Complaints?
    /// The figures supervising offices keep (考核评价), if the profile declares them.
    public var evaluation: Evaluation?
    /// Periods an office may declare, overriding time limits while they last.
    public var periods: [Period] = []
    public var departments: [Department] = []
    public var catalogue = Catalogue()
    public var workflow = Workflow()
    public var noticeBoard: NoticeBoard?
    public var access: AccessRules?
    public var calendar = CalendarRules()

    public init() {}

    public func level(_ key: String) -> Level? { levels.first { $0.key == key } }
    public func role(_ key: String) -> Role? { roles.first { $0.key == key } }
    public func department(_ code: String) -> Department? { departments.first { $0.code == code } }
    public func item(_ code: String) -> Item? { catalogue.items.first { $0.code == code } }
    public func step(_ key: String) -> Step? { workflow.steps.first { $0.key == key } }

    /// The roles that act for a body at a level in a procedure on grids: the procedure's own
    /// `role`, or the roles of the body's kind held there (office staff for a grid office,
    /// government officers for a government, handlers for a competent department).
    public func roles(actingFor procedure: Procedure) -> [Role] {
        if let key = procedure.role { return role(key).map { [$0] } ?? [] }
        return roles.filter { $0.kind == procedure.body.actingKind && $0.at.contains(procedure.level) }
    }

    /// Whether a report may name no catalogue item: the report step sends matters not in
    /// the catalogue to triage (`unlisted`). Elsewhere a report names its item.
    public var takesUnlistedReports: Bool { step(workflow.start)?.unlisted != nil }

    /// Quotes an article with the ordinance's title, as refusals and errors do:
    /// "拉萨市网格化服务管理条例 第二十条".
    public func cite(_ article: Article?) -> String? {
        guard let article else { return nil }
        let title = ordinance.title.text(in: publication.primaryLanguage)
        return title.isEmpty ? article.text : "\(title) \(article.text)"
    }
}

/// The supported profile format, written at the top of every profile.
public let profileFormat = "wangge/ordinance-profile/1"
