import Foundation

/// The languages in which the city must publish (Lhasa: 国家通用文字和藏文, 第二十条).
public struct Publication: Sendable, Encodable {
    /// Language tags; the first is the primary one, used when a text gives only one.
    public var languages = ["zh"]
    public var article: Article?
    public var position = Position.start

    public var primaryLanguage: String { languages.first ?? "zh" }
}

/// What a grid's notice board (公示牌) must show, and who publishes it.
public struct NoticeBoard: Sendable, Encodable {
    public var publishedBy: [String] = []
    public var channels: [String] = []
    public var fields: [NoticeField] = []
    /// Roles whose holders are listed by name and contact.
    public var staffRoles: [String] = []
    public var article: Article?
    public var position = Position.start
}

/// One field of a notice board with its label in every publication language.
public struct NoticeField: Sendable, Encodable {
    public var key = Key.gridName
    public var label = LocalizedText([])
    public var position = Position.start

    public enum Key: String, Sendable, Encodable, CaseIterable {
        case gridName = "grid_name"
        case area
        case staffNames = "staff_names"
        case staffContacts = "staff_contacts"
        case supervisionPhone = "supervision_phone"
    }
}

/// Tiered data access (数据使用分级准入): which roles may see which personal data.
public struct AccessRules: Sendable, Encodable {
    public var personalData: [PersonalData] = PersonalData.allCases
    /// Tiers from the least to the most trusted.
    public var tiers: [AccessTier] = []
    public var article: Article?
    public var position = Position.start

    public enum PersonalData: String, Sendable, Encodable, CaseIterable {
        case reporterName = "reporter_name"
        case reporterPhone = "reporter_phone"
        case reporterIdNumber = "reporter_id_number"
    }
}

public struct AccessTier: Sendable, Encodable {
    public var key = ""
    public var name = LocalizedText([])
    public var roles: [String] = []
    public var personalData: [AccessRules.PersonalData] = []
    public var position = Position.start
}

/// Working time: the time zone and office hours used for workhours and workdays.
public struct CalendarRules: Sendable, Encodable {
    public var timezone = "Asia/Shanghai"
    public var officeHours: [OfficeHours] = []
    /// Other local days off on top of the national calendar.
    public var holidays: [Holiday] = []
    /// Other local adjusted working days.
    public var workingDays: [AdjustedDay] = []
    /// The region's statutory holidays (藏历新年, 肉孜节, 古尔邦节 …), by year, with their notices.
    public var regional: RegionalCalendar?
    public var note: String?
    public var position = Position.start

    public init() {}
}

/// Holidays a region's government sets each year for its peoples' festivals (全国年节及纪念日
/// 放假办法 第四条), as data with each year's notice. `years` are the years whose notice
/// is recorded; a year the national calendar covers but this one does not is reported by
/// the checker, never silently counted as if the region had no holiday. A profile names a
/// calendar pack (`regional: calendar-xinjiang`), whose years fill the rest when the tenant
/// opens, or writes the holidays out itself.
public struct RegionalCalendar: Sendable, Encodable {
    /// The calendar pack that holds the region's years, when the profile names one.
    public var pack: String?
    public var name = ""
    /// What gives the region its holidays.
    public var basis: String?
    public var years: [Int] = []
    public var holidays: [Holiday] = []
    public var workingDays: [AdjustedDay] = []
    public var position = Position.start

    public init() {}
}

/// A span of office hours in a working day, e.g. 09:00–12:00.
public struct OfficeHours: Sendable, Encodable, Equatable, CustomStringConvertible {
    public var start: Int  // minutes after midnight
    public var end: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let s = Self.minutes(parts[0]), let e = Self.minutes(parts[1]), s < e else { return nil }
        (start, end) = (s, e)
    }

    private static func minutes<S: StringProtocol>(_ text: S) -> Int? {
        let hm = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard hm.count == 2, hm[0].count == 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]),
              (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 24 * 60 else { return nil }
        return h * 60 + m
    }

    public var description: String {
        func clock(_ m: Int) -> String { String(format: "%02d:%02d", m / 60, m % 60) }
        return "\(clock(start))-\(clock(end))"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
