/// Text in one or more languages, keyed by language tag (`zh`, `bo`, `ug`, …).
/// Public-facing text must exist in every publication language of the profile.
public struct LocalizedText: Hashable, Sendable, Encodable, CustomStringConvertible {
    /// Translations in the order the profile writes them.
    public private(set) var translations: [(language: String, text: String)]

    public init(_ translations: [(language: String, text: String)]) {
        self.translations = translations
    }

    public subscript(language: String) -> String? {
        translations.first { $0.language == language }?.text
    }

    public var languages: [String] { translations.map(\.language) }

    /// The text in `language`, else in the first language written.
    public func text(in language: String) -> String {
        self[language] ?? translations.first?.text ?? ""
    }

    public var description: String { translations.first?.text ?? "" }

    public static func == (lhs: LocalizedText, rhs: LocalizedText) -> Bool {
        lhs.translations.count == rhs.translations.count
            && lhs.translations.allSatisfy { rhs[$0.language] == $0.text }
    }

    public func hash(into hasher: inout Hasher) {
        for t in translations.sorted(by: { $0.language < $1.language }) {
            hasher.combine(t.language)
            hasher.combine(t.text)
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }


    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for t in translations { try container.encode(t.text, forKey: Key(stringValue: t.language)) }
    }
}
