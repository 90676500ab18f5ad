/// The ordinance itself: what it is called, who made it and when it takes effect.
public struct OrdinanceInfo: Sendable, Encodable {
    /// The tenant key of the city that runs this ordinance, e.g. `lhasa`.
    public var tenant = ""
    public var title = LocalizedText([])
    public var city = LocalizedText([])
    /// The GB/T 2260 administrative division code of the city, e.g. `540100`; empty when
    /// the text does not name its city.
    public var divisionCode = ""
    /// How many articles the text has; every citation in the profile must fall within.
    public var articles = 0
    public var adopted: Enactment?
    public var approved: Enactment?
    public var effective: Day?
    public var effectiveArticle: Article?
    /// `in_force` for enacted text; `draft` for an amendment being prepared, which is
    /// never selected as the version in force but can be checked, diffed and tested;
    /// `adopted` for an amendment enacted by `decision`, in force from its effective date.
    public var status = Status.inForce
    /// The amending decision that enacted this version (修正/修订的决定): its title, the
    /// body and the date; required once a version is adopted.
    public var decision: Decision?
    /// The version this one amends, by effective date.
    public var amends: Day?
    /// Where the encoded text came from.
    public var source: String?
    /// Parts of the source text that are missing or damaged, so nobody mistakes a gap
    /// in the copy for a gap in the law.
    public var gaps: [Gap] = []
    public var position = Position.start

    public init() {}

    public enum Status: String, Sendable, Encodable, CaseIterable {
        case inForce = "in_force"
        case adopted
        case draft
    }

    /// Enacted law (in force, or adopted and waiting for its date), as opposed to a draft.
    public var isEnacted: Bool { status != .draft }
}

/// The decision that enacts an amendment, e.g. 某市人民代表大会常务委员会关于修改《…》的决定,
/// adopted by the standing committee on a date.
public struct Decision: Sendable, Encodable {
    public var title = ""
    public var body = ""
    public var date: Day?
    /// Where the decision needs approval (an autonomous prefecture's, or a city's with a
    /// provincial standing committee's 批准): by whom, on which day.
    public var approved: Enactment?
    public var position = Position.start

    public init(title: String = "", body: String = "", date: Day? = nil, approved: Enactment? = nil) {
        self.title = title
        self.body = body
        self.date = date
        self.approved = approved
    }
}

/// An act of adoption or approval: which body, on which day.
public struct Enactment: Sendable, Encodable {
    public var body = ""
    public var date: Day?
    public var position = Position.start

    public init(body: String = "", date: Day? = nil) {
        self.body = body
        self.date = date
    }
}

/// A damaged or missing part of the source text.
public struct Gap: Sendable, Encodable {
    public var article: Article?
    public var note = ""
    public var position = Position.start
}
