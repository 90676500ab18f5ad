import Foundation

/// Checks of what an item's code and names contain, not only whether they are there: a
/// stray byte-order mark turns an edit into "admit ﻿LS-04, withdraw LS-04"; a round trip
/// through GBK turns Tibetan into `???`; Chinese typed under `bo` is not a translation.
enum TextChecks {
    /// The letters each publication language is written in (Unicode blocks). Latin letters
    /// and digits (5G, LED) are allowed in every language; a language not listed is checked
    /// only for invisible and replacement characters. (Language packs, issue 16, are to
    /// carry this with each language.)
    static let scripts: [String: [ClosedRange<UInt32>]] = [
        "zh": [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F],
        "bo": [0x0F00...0x0FFF],
        "ug": arabic, "kk": arabic, "ky": arabic,
        "mn": [0x1800...0x18AF],
        "ko": [0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF],
        "ii": [0xA000...0xA48F, 0xA490...0xA4CF],
    ]
    private static let arabic: [ClosedRange<UInt32>] = [0x0600...0x06FF, 0x0750...0x077F, 0xFB50...0xFDFF, 0xFE70...0xFEFF]

    /// Why `code` cannot be an item code: codes are 1 to 32 ASCII letters, digits, `-`, `_`
    /// or `.`, starting with a letter or digit, so that no invisible or look-alike character
    /// can make one code into two.
    static func codeProblem(_ code: String) -> String? {
        guard !code.isEmpty else { return "an item code is not empty" }
        guard code.unicodeScalars.count <= 32 else { return "an item code has at most 32 characters; '\(code)' has \(code.unicodeScalars.count)" }
        for (index, scalar) in code.unicodeScalars.enumerated() {
            let allowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || (index > 0 && "-_.".unicodeScalars.contains(scalar)))
            if !allowed { return "item code '\(visible(code))' contains \(name(scalar)) at position \(index + 1); codes are ASCII letters, digits, '-', '_' and '.'" }
        }
        return nil
    }

    /// Why `text` is not a name in `language`.
    static func textProblem(_ text: String, language: String) -> String? {
        if let scalar = text.unicodeScalars.first(where: { $0 == "\u{FFFD}" }) {
            return "contains \(name(scalar)): the file was read in an encoding it was not written in"
        }
        if text.contains("??") || text.contains("？？") {
            return "contains '??', which is what text becomes after passing through an encoding without its script (e.g. GBK for Tibetan)"
        }
        if let scalar = text.unicodeScalars.first(where: { [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory) }) {
            return "contains the invisible character \(name(scalar))"
        }
        guard let ranges = scripts[language] else { return nil }
        let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic && !$0.isASCII }
        if let foreign = letters.first(where: { scalar in !ranges.contains { $0.contains(scalar.value) } }) {
            return "'\(String(foreign))' (\(name(foreign))) is not written in the script of '\(language)'"
        }
        if letters.isEmpty, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            return "has no letters of the script of '\(language)'"
        }
        return nil
    }

    private static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return scalar.properties.name.map { "\(code) \($0)" } ?? code
    }

    /// The text with invisible characters shown as their code points.
    private static func visible(_ text: String) -> String {
        text.unicodeScalars.map { scalar in
            scalar.isASCII && !scalar.properties.generalCategory.isControl ? String(scalar) : "<\(name(scalar))>"
        }.joined()
    }
}

private extension Unicode.GeneralCategory {
    var isControl: Bool { self == .control || self == .format }
}
