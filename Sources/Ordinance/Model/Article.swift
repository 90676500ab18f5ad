/// A citation of the ordinance's text: 第十七条, 第十六条第二款, 第十五条第一款第二项, and an
/// article an amendment inserted after another: 第十二条之一.
/// Every rule in a profile carries one, so errors and refusals can quote the law.
public struct Article: Hashable, Sendable, Encodable, CustomStringConvertible {
    /// The citation as written in the profile.
    public let text: String
    /// The article number (第十七条 → 17).
    public let number: Int
    /// An inserted article's place after `number` (第十二条之一 → 1); nil for an original article.
    public let insertion: Int?
    /// The paragraph (款) and point (项) cited, if any: 第十五条第一款第二项 → 1 and 2.
    public let paragraph: Int?
    public let point: Int?

    public init?(_ text: String) {
        guard text.hasPrefix("第"), let end = text.firstIndex(of: "条") else { return nil }
        let numeral = text[text.index(after: text.startIndex)..<end]
        guard let number = Article.chineseNumber(numeral), number > 0 else { return nil }
        var rest = text[text.index(after: end)...]
        var insertion: Int?
        if rest.hasPrefix("之") {
            let digits = rest.dropFirst().prefix { $0 != "第" }
            guard let value = Article.chineseNumber(digits), value > 0 else { return nil }
            insertion = value
            rest = rest.dropFirst(1 + digits.count)
        }
        guard let (paragraph, point) = Article.subdivision(rest) else { return nil }
        self.text = text
        self.number = number
        self.insertion = insertion
        self.paragraph = paragraph
        self.point = point
    }

    /// The citation in another language's words, from templates for an article, an
    /// inserted article's place, a paragraph and a point with `{n}` for the number
    /// (`第{n}条`, `དོན་ཚན་{n}`), joined by `separator`; nil for an inserted article when the
    /// language has no words for one (the citation is then kept as recorded).
    public func rendered(article: String, insertion insertionTemplate: String? = nil, paragraph: String, point: String,
                         separator: String = "") -> String? {
        if insertion != nil, insertionTemplate == nil { return nil }
        let parts: [(String, Int?)] = [(article, number), (insertionTemplate ?? "", insertion), (paragraph, self.paragraph), (point, self.point)]
        return parts.compactMap { template, value in
            value.map { template.replacingOccurrences(of: "{n}", with: String($0)) }
        }.joined(separator: separator)
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

    /// After 条 may follow 第N款 and then 第N项 (or just 第N项): their numbers, or nil when
    /// anything else follows.
    private static func subdivision<S: StringProtocol>(_ rest: S) -> (Int?, Int?)? {
        var remainder = Substring(rest)
        var numbers: [Int?] = []
        for marker in ["款", "项"] {
            guard remainder.hasPrefix("第"), let end = remainder.firstIndex(of: Character(marker)) else {
                numbers.append(nil)
                continue
            }
            guard let value = chineseNumber(remainder[remainder.index(after: remainder.startIndex)..<end]) else { return nil }
            numbers.append(value)
            remainder = remainder[remainder.index(after: end)...]
        }
        return remainder.isEmpty ? (numbers[0], numbers[1]) : nil
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
