import Foundation

/// How an amendment renumbered the articles (an article inserted or repealed shifts those
/// after it), inferred from the provisions both versions have under the same key: when
/// most provisions that cited 第十七条 now cite 第十八条, 第十七条 moved to 第十八条.
/// The diff then shows one "moved" line per article and folds citations that only follow.
struct Renumbering {
    /// Old article number → new.
    var moves: [Int: Int] = [:]

    /// Infers the moves from the entries of each section, old and new.
    static func infer(_ sections: [(old: [DiffEntry], new: [DiffEntry])]) -> Renumbering {
        var votes: [Int: [Int: Int]] = [:]
        for (old, new) in sections {
            let before = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            for entry in new {
                guard let was = before[entry.key]?.article, let now = entry.article, was.insertion == now.insertion else { continue }
                votes[was.number, default: [:]][now.number, default: 0] += 1
            }
        }
        // Each cited article goes where most of its provisions went.
        var offsets: [Int: Int] = [:]
        for (number, counts) in votes {
            guard let (target, count) = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) else { continue }
            offsets[number] = target != number && count > counts[number, default: 0] ? target - number : 0
        }
        // An article no provision cites, between two that moved alike, moved with them.
        let known = offsets.keys.sorted()
        for (low, high) in zip(known, known.dropFirst()) where high - low > 1 {
            guard let offset = offsets[low], offset != 0, offsets[high] == offset else { continue }
            for number in (low + 1)..<high { offsets[number] = offset }
        }
        var renumbering = Renumbering()
        for (number, offset) in offsets where offset != 0 { renumbering.moves[number] = number + offset }
        return renumbering
    }

    /// How far the old article `number` moved (0 when it did not).
    func offset(_ number: Int) -> Int { moves[number].map { $0 - number } ?? 0 }

    /// Runs of consecutive old numbers moved by the same offset, in order.
    var runs: [ClosedRange<Int>] {
        var runs: [ClosedRange<Int>] = []
        for number in moves.keys.sorted() {
            if let last = runs.last, last.upperBound == number - 1, offset(last.upperBound) == offset(number) {
                runs[runs.count - 1] = last.lowerBound...number
            } else {
                runs.append(number...number)
            }
        }
        return runs
    }

    /// The old numbers whose moves turn `old` into `new`, when that is all that changed
    /// between them; nil when the texts differ otherwise (or not at all by a move).
    func follows(_ old: String, _ new: String) -> [Int]? {
        guard !moves.isEmpty else { return nil }
        var used: [Int] = []
        let renumbered = Self.replacingCitations(in: old) { number in
            guard let target = moves[number] else { return nil }
            used.append(number)
            return target
        }
        return renumbered == new && !used.isEmpty ? used : nil
    }

    /// `text` with each 第N条 whose number `map` gives rewritten.
    static func replacingCitations(in text: String, _ map: (Int) -> Int?) -> String {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "第") {
            result += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            let numeral = after.prefix { "零〇一二两三四五六七八九十百".contains($0) }
            let tail = after.dropFirst(numeral.count)
            if !numeral.isEmpty, tail.hasPrefix("条"), let number = Article.chineseNumber(numeral), let target = map(number) {
                result += citation(target)
                rest = tail.dropFirst()
            } else {
                result += "第"
                rest = after
            }
        }
        return result + rest
    }

    /// 第N条 in statute numbering: 第十条, 第十一条, 第二十条, 第一百零一条.
    static func citation(_ number: Int) -> String { "第\(numeral(number))条" }

    static func numeral(_ number: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard number > 0, number < 1000 else { return String(number) }
        let hundreds = number / 100, tens = number / 10 % 10, ones = number % 10
        var text = ""
        if hundreds > 0 { text += digits[hundreds] + "百" }
        if tens > 0 {
            text += (tens == 1 && hundreds == 0 ? "" : digits[tens]) + "十"
        } else if hundreds > 0, ones > 0 {
            text += "零"
        }
        if ones > 0 { text += digits[ones] }
        return text
    }
}
