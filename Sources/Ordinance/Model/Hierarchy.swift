import Foundation

/// A level of the hierarchy (市, 县（区）, 乡镇（街道）, 村（社区）, 网格) and its grid office.
public struct Level: Sendable, Encodable {
    public var key = ""
    public var name = LocalizedText([])
    /// The grid office (网格化工作机构) at this level, if the law sets one up.
    public var office: Office?
    public var article: Article?
    public var position = Position.start
}

/// A grid office (网格化工作机构, 网格化服务中心) and what the law charges it with.
public struct Office: Sendable, Encodable {
    public var name = LocalizedText([])
    public var duties: [String] = []
    public var article: Article?
    public var position = Position.start
}

/// How grids are divided, approved, filed, sized and coded.
public struct GridRules: Sendable, Encodable {
    /// The level of the grid itself; defaults to the last level of the hierarchy.
    public var level = ""
    public var dividedBy: Procedure?
    public var approvedBy: Procedure?
    public var filedWith: Procedure?
    public var kinds: [GridKind] = []
    public var householdUnits: HouseholdUnits?
    /// The grid-code layout, when the law sets one; without it codes need only be unique.
    public var code: GridCodeLayout?
    /// Staff every grid must have, counted over several roles (Yongzhou 第七条: 网格应当配备
    /// 网格员, full-time or part-time).
    public var staffing: [StaffingRule] = []
    /// Sub-grids (微网格) divided inside grids, at the one level below the grid's.
    public var subGrids: SubGridRules?
    public var article: Article?
    public var position = Position.start
}

/// Sub-grids (微网格): units at the level below the grid's, each inside one grid, with its own
/// code and household count (the grid keeps its own), counted against size rules in `unit`.
/// Luzhou 第八条: 鼓励和支持有条件的乡镇街道在网格内划分微网格.
public struct SubGridRules: Sendable, Encodable {
    /// The level of the sub-grids: the lowest level of the hierarchy, right below the grid's.
    public var level = ""
    /// What the size rules count: 户 unless the profile says otherwise.
    public var unit = "户"
    public var sizeRules: [SizeRule] = []
    /// When set, a sub-grid's code is its grid's code followed by this many digits; without
    /// it, codes need only be unique.
    public var codeDigits: Int?
    /// The article that sets the code, when one does.
    public var codeArticle: Article?
    public var article: Article?
    public var position = Position.start
}

/// At least `min` holders, together, of any of `roles` in every grid.
public struct StaffingRule: Sendable, Encodable {
    public var roles: [String] = []
    public var min = 1
    public var article: Article?
    public var position = Position.start
}

/// Who takes part in a procedure on grids (dividing, approving, filing): a level's
/// grid office or government.
public struct Procedure: Sendable, Encodable {
    public var level = ""
    public var body = Body.gridOffice
    public var with: String?
    /// The profile role whose holders act for the body (needed where the platform runs
    /// the procedure, as in catalogue admission and exit).
    public var role: String?
    public var article: Article?
    public var position = Position.start

    /// The level of whoever started the procedure, e.g. the department applying.
    public static let sameLevel = "same"

    public enum Body: String, Sendable, Encodable, CaseIterable {
        case gridOffice = "grid_office"
        case government
        case competentDepartment = "competent_department"

        /// The kind of role whose holders act for the body: office staff for a grid office,
        /// government officers for a government, handlers for a competent department.
        public var actingKind: Role.Kind {
            switch self {
            case .gridOffice: .officeStaff
            case .government: .governmentOfficer
            case .competentDepartment: .departmentHandler
            }
        }
    }
}

/// A kind of grid the law allows, from the profile's own list: comprehensive (综合),
/// exclusive (专属), micro (微网格), maritime (海上网格) … any number of them.
public struct GridKind: Sendable, Encodable {
    public var key = "comprehensive"
    public var name = LocalizedText([])
    /// What its size rules count: 户 (households) unless the profile says 艘 (vessels), 家 (enterprises) ….
    public var unit = "户"
    /// What units it is divided by, as the law says.
    public var basis: String?
    public var sizeRules: [SizeRule] = []
    public var article: Article?
    public var position = Position.start
}

/// A rule on how many households a grid holds, e.g. urban 200–300 (Changji 第六条).
public struct SizeRule: Sendable, Encodable {
    /// Where the rule applies: `urban`, `rural` or `any`.
    public var area = "any"
    public var min: Int?
    public var max: Int?
    /// "About N households": `about` with a tolerance in percent.
    public var about: Int?
    public var tolerancePercent: Int?
    /// Whether breaking the rule refuses a grid (`error`) or only warns (`warning`).
    public var severity = Severity.warning
    public var note: String?
    public var article: Article?
    public var position = Position.start

    /// The allowed range of households, from min/max or about ± tolerance.
    public var range: ClosedRange<Int>? {
        if let about {
            let slack = about * (tolerancePercent ?? 0) / 100
            return (about - slack)...(about + slack)
        }
        guard let min, let max, min <= max else { return nil }
        return min...max
    }
}

/// 联户单位: household units formed inside a grid.
public struct HouseholdUnits: Sendable, Encodable {
    public var name = LocalizedText([])
    public var principle: String?
    public var article: Article?
    public var position = Position.start
}

/// How grid codes are built: segments taken from division codes, serials and literals.
public struct GridCodeLayout: Sendable, Encodable {
    public var standard: String?
    public var segments: [Segment] = []
    public var unique = true
    public var article: Article?
    /// Where the layout is inferred, not read in the text (a provincial standard the
    /// ordinance names but does not include): how.
    public var reading: String?
    public var position = Position.start

    /// One part of a grid code.
    public enum Segment: Sendable, Encodable, Equatable {
        /// The division code of the grid's ancestor at `level`, `digits` long.
        case division(level: String, digits: Int)
        /// A serial number of `digits` digits, unique under the parent.
        case serial(digits: Int)
        /// Fixed text.
        case literal(String)

        var pattern: String {
            switch self {
            case .division(_, let digits), .serial(let digits): "[0-9]{\(digits)}"
            case .literal(let text): regexEscape(text)
            }
        }
    }

    /// The regular expression a grid code must match, derived from the segments.
    public var pattern: String { "^" + segments.map(\.pattern).joined() + "$" }
}

func regexEscape(_ text: String) -> String {
    text.map { "\\^$.|?*+()[]{}".contains($0) ? "\\\($0)" : String($0) }.joined()
}
