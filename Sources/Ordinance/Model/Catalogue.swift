/// A department (网格化联动部门) that handles matters dispatched to it.
public struct Department: Sendable, Encodable {
    public var code = ""
    public var name = LocalizedText([])
    public var article: Article?
    public var position = Position.start
}

/// The item catalogue (事项清单): the boundary of what grid staff may be asked to do.
public struct Catalogue: Sendable, Encodable {
    /// Levels whose grid office compiles the catalogue.
    public var compiledBy: [String] = []
    public var published = true
    public var admission: CatalogueProcedure?
    public var exit: CatalogueProcedure?
    /// What a worker may do with a matter outside the catalogue.
    public var outsideItems: OutsideItems?
    /// Categories the law keeps out of the catalogue (行政许可, 行政处罚, 行政强制).
    public var forbidden: [Category] = []
    public var categories: [Category] = []
    public var items: [Item] = []
    public var article: Article?
    public var position = Position.start
}

/// How items enter or leave the catalogue: who asks, who decides, and how.
public struct CatalogueProcedure: Sendable, Encodable {
    public var requestedBy = Role.departmentPlace
    /// `approval` needs a decision; `notification` only informs (Lhasa 第二十二条第三款).
    public var kind = Kind.approval
    public var decidedBy: Procedure?
    /// A review (调研论证、评估审核) that must be recorded before the decision (Luzhou 第十五条).
    public var expertReview: ExpertReview?
    /// The article that makes applicants commit the forces, resources and funds the item
    /// needs (city2023 第十九条第二款); nil when the ordinance does not ask.
    public var resources: Article?
    public var article: Article?
    public var position = Position.start

    public enum Kind: String, Sendable, Encodable, CaseIterable {
        case approval, notification
    }
}

extension CatalogueProcedure {
    /// One line for listings and diffs: kind, who asks, who decides, after what review.
    public var summary: String {
        var s = "\(kind.rawValue), requested by \(requestedBy)"
        if let d = decidedBy { s += ", decided by \(d.role ?? d.body.rawValue) at \(d.level) (\(d.body.rawValue))" }
        if let review = expertReview { s += ", after review recorded by \(review.role) at \(review.level)" }
        if resources != nil { s += ", resources committed" }
        return s
    }
}

/// Who records the review of an application before it is decided.
public struct ExpertReview: Sendable, Encodable {
    public var role = ""
    public var level = ""
    public var article: Article?
    public var position = Position.start
}

/// The rule on matters outside the catalogue. Texts say one of two things: the worker may
/// decline them (yongzhou 第九条 "网格员可以不予执行"), or no unit or person may require them
/// of a worker at all (changji 第十五条, lhasa 第二十二条第二款, city2023 第十九条第四款
/// "不得要求"), sometimes with an exception (city2023: "法律、法规另有规定的除外").
public struct OutsideItems: Sendable, Encodable {
    public enum Rule: String, Sendable, Encodable, CaseIterable {
        /// The worker may refuse such a task once given; no unit may insist.
        case workerMayRefuse = "worker_may_refuse"
        /// No one may require such a task: the platform refuses to record it.
        case noneMayRequire = "none_may_require"
    }

    public var rule = Rule.workerMayRefuse
    /// The text's exception (e.g. 法律、法规另有规定的除外): a task outside the catalogue
    /// may then be given when it cites the other law that requires it.
    public var exception: LocalizedText?
    public var article: Article?
    public var position = Position.start
}

/// A category of items, usually one of the law's list of matters; or one the law forbids.
public struct Category: Sendable, Encodable {
    public var key = ""
    public var name = LocalizedText([])
    public var article: Article?
    /// For a forbidden category: words that, in an item's name, make it look like one of
    /// this kind (罚款, 查封 for 行政处罚…), so its approval needs a reason.
    public var looksLike: [String] = []
    public var position = Position.start
}

/// One matter of the catalogue.
public struct Item: Sendable, Encodable {
    public var code = ""
    public var name = LocalizedText([])
    public var category = ""
    public var department = ""
    public var timeLimit: TimeLimit?
    public var article: Article?
    public var position = Position.start
}
