/// A citation of the ordinance's text: 第十七条, 第十六条第二款, 第十五条第一款第二项.
/// Every rule in a profile carries one, so errors and refusals can quote the law.
public struct Article: Hashable, Sendable, Encodable, CustomStringConvertible {
    /// The citation as written in the profile.
    public let text: String
    /// The article number (第十七条 → 17).
    public let number: Int

    public init?(_ text: String) {
        guard text.hasPrefix("第"), let end = text.firstIndex(of: "条") else { return nil }
        let numeral = text[text.index(after: text.startIndex)..<end]
        guard let number = Article.chineseNumber(numeral), number > 0 else { return nil }
        let rest = text[text.index(after: end)...]
        guard Article.isValidSubdivision(rest) else { return nil }
        self.text = text
        self.number = number
    }

    public var description: String { text }

    /// Reads 一 … 九十九 … 三百 as written in statute numbering.
    static func chineseNumber<S: StringProtocol>(_ s: S) -> Int? {
        let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                                        "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        guard !s.isEmpty else { return nil }
        var total = 0, current = 0
        for ch in s {
            if let d = digits[ch] {
                current = d
            } else if ch == "十" {
                total += (current == 0 ? 1 : current) * 10
                current = 0
            } else if ch == "百" {
                total += (current == 0 ? 1 : current) * 100
                current = 0
            } else {
                return nil
            }
        }
        return total + current
    }

    /// After 条 may follow 第N款 and then 第N项 (or just 第N项).
    private static func isValidSubdivision<S: StringProtocol>(_ rest: S) -> Bool {
        var remainder = Substring(rest)
        for marker in ["款", "项"] {
            guard remainder.hasPrefix("第"), let end = remainder.firstIndex(of: Character(marker)) else { continue }
            guard chineseNumber(remainder[remainder.index(after: remainder.startIndex)..<end]) != nil else { return false }
            remainder = remainder[remainder.index(after: end)...]
        }
        return remainder.isEmpty
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
