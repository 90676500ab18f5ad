import Foundation

/// A typed duration from a profile: `24h`, `4 workhours`, `2 workdays`, `5 days`.
/// Calendar time (hours, days) runs around the clock; working time (workhours, workdays)
/// runs only in office hours on working days of the tenant's calendar.
public struct TimeLimit: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Unit: String, Sendable, Encodable, CaseIterable {
        case minutes, hours, days, workhours, workdays

        /// True for units counted on the working calendar.
        public var isWorkingTime: Bool { self == .workhours || self == .workdays }
    }

    public let amount: Int
    public let unit: Unit

    public init(_ amount: Int, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// Why a duration could not be read.
    public struct ParseError: Error, Sendable {
        public let message: String
    }

    private static let unitWords: [String: Unit] = [
        "m": .minutes, "min": .minutes, "minute": .minutes, "minutes": .minutes,
        "h": .hours, "hour": .hours, "hours": .hours,
        "d": .days, "day": .days, "days": .days,
        "workhour": .workhours, "workhours": .workhours,
        "workday": .workdays, "workdays": .workdays,
    ]

    /// The longest limit of each unit: about ten years. No ordinance sets a longer one, and
    /// the bound keeps every due-time computation finite and free of overflow.
    public static func maximum(_ unit: Unit) -> Int {
        switch unit {
        case .minutes: 5_259_600
        case .hours: 87_660
        case .days: 3_653
        case .workhours: 20_000
        case .workdays: 2_500
        }
    }

    /// Reads `<whole number><optional space><unit>`, e.g. `24h`, `2 workdays`, up to the
    /// unit's `maximum`. A negative number reads, so that the checkers can refuse it with
    /// the rule it breaks and the article.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let sign = trimmed.hasPrefix("-") ? "-" : ""
        let digits = trimmed.dropFirst(sign.count).prefix { $0.isASCII && $0.isNumber }
        let word = trimmed.dropFirst(sign.count + digits.count).trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, let unit = Self.unitWords[word.lowercased()] else {
            throw ParseError(message: "'\(text)' is not a duration: write a whole number and a unit, e.g. 24h, 4 workhours, 2 workdays, 5 days")
        }
        guard digits.count <= 9, let amount = Int(sign + digits), amount <= Self.maximum(unit) else {
            throw ParseError(message: "'\(text)' is longer than a time limit can be: at most \(Self.maximum(unit)) \(unit.rawValue) (about ten years)")
        }
        self.init(amount, unit)
    }

    public var description: String {
        switch unit {
        case .hours: "\(amount)h"
        case .minutes: "\(amount) minutes"
        default: "\(amount) \(amount == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue)"
        }
    }

    /// Reads the form `description` writes, so a stored limit reads back the same.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch let error as ParseError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
