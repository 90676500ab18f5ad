import Foundation
import PropertyBased

/// Mutations of a valid input, for property-based fuzzing of what reads outside input:
/// a list of numbers, each one edit (replace, delete or insert a byte or a token; delete,
/// duplicate or swap lines). PropertyBased generates and shrinks the list, so a failure is
/// reported as the fewest edits that still cause it.
public enum Mutation {
    /// How many cases a property runs: `base`, times `WANGGE_FUZZ_SCALE` when that is set
    /// (a longer run: `WANGGE_FUZZ_SCALE=50 swift test --filter Fuzz`).
    public static func count(_ base: Int) -> Int {
        let scale = ProcessInfo.processInfo.environment["WANGGE_FUZZ_SCALE"].flatMap { Int($0) } ?? 1
        return base * min(max(scale, 1), 10_000)
    }

    /// Between one and `most` edits.
    public static func edits(_ most: Int = 6) -> Generator<[Int], some SendableSequenceType> {
        Gen.int(in: 0...Int(Int32.max)).array(of: 1...most)
    }

    /// Tokens that tend to break readers: extreme numbers, quotes, brackets, escapes,
    /// separators, invisible and invalid characters.
    public static let tokens: [[UInt8]] = [
        "9223372036854775807", "-9223372036854775808", "99999999999999999999", "-1", "0", "1e308", "NaN",
        "\"", "'", "[", "]", "{", "}", ":", ": ", "- ", "&", "=", "%", "%ZZ", "%E4", "+", ",", "\n", "\r\n", "\t", "#",
        "*a", "&a", "!!str ", "~", "null", "yes", "\u{FEFF}", "\u{200B}", "第九十九条", "བོད་", "?",
    ].map { Array($0.utf8) } + [[0x00], [0xFF], [0xC3], [0xE4, 0xB8], [0xF0, 0x9F, 0x98]]

    /// `input` with the edits applied, in order.
    public static func apply(_ edits: [Int], to input: [UInt8]) -> [UInt8] {
        var bytes = input
        for edit in edits {
            let op = edit % 7
            let rest = edit / 7
            let token = tokens[rest % tokens.count]
            let at = bytes.isEmpty ? 0 : (rest / tokens.count) % (bytes.count + 1)
            switch op {
            case 0 where at < bytes.count: bytes[at] = token[0]
            case 1 where at < bytes.count: bytes.remove(at: at)
            case 2, 0, 1: bytes.insert(contentsOf: token, at: at)
            default:
                var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
                guard !lines.isEmpty else { continue }
                let line = at % lines.count
                let other = (rest / 3) % lines.count
                switch op {
                case 3: lines.remove(at: line)
                case 4: lines.insert(lines[line], at: other)
                case 5: lines.swapAt(line, other)
                default: lines[line] = Array(lines[line].prefix(max(0, lines[line].count / 2)))
                }
                bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            }
        }
        return bytes
    }

    /// `text` mutated, as text when it is still UTF-8 (else with replacement characters).
    public static func apply(_ edits: [Int], to text: String) -> String {
        String(decoding: apply(edits, to: Array(text.utf8)), as: UTF8.self)
    }
}
