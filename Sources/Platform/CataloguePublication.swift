import Foundation
import Kernel
import Ordinance
import Yams

/// The catalogue as published to the public (向社会公布), in every publication language of
/// the profile: one edition per language, each complete on its own.
public struct CataloguePublication: Sendable, Encodable {
    public struct Edition: Sendable, Encodable {
        public var language: String
        public var heading: String
        public var labels: [String: String]
        public var items: [Item]
        /// The worker's right to refuse matters outside the list, where the ordinance gives it.
        public var outsideItems: String?
    }

    public struct Item: Sendable, Encodable {
        public var code: String
        public var revision: Int
        public var name: String
        public var category: String
        public var department: String
        public var timeLimit: String
        public var basis: String?
    }

    public var tenant: String
    public var ordinance: String
    public var publishedOn: String
    /// The article that has the catalogue published.
    public var article: String?
    public var editions: [Edition]

    /// Words the platform prints, by language (`Resources/labels.yaml`).
    static let labels: [String: [String: String]] = {
        guard let url = Bundle.module.url(forResource: "labels", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        return (try? YAMLDecoder().decode([String: [String: String]].self, from: text)) ?? [:]
    }()

    init(tenant: String, profile: Profile, entries: [CatalogueEntry], on day: Day) throws {
        self.tenant = tenant
        ordinance = profile.ordinance.title.description
        publishedOn = day.description
        article = profile.cite(profile.catalogue.article)
        let missing = profile.publication.languages.filter { Self.labels[$0] == nil }
        if !missing.isEmpty {
            throw PlatformError("missing-translation",
                                "the platform has no published wording in \(missing.joined(separator: ", ")); add it to Resources/labels.yaml",
                                article: profile.cite(profile.publication.article))
        }
        editions = profile.publication.languages.map { language in
            let words = Self.labels[language] ?? [:]
            let items = entries.map { entry in
                Item(code: entry.code, revision: entry.revision, name: entry.name(in: language),
                     category: profile.catalogue.categories.first { $0.key == entry.category }?.name.text(in: language) ?? entry.category,
                     department: profile.department(entry.department)?.name.text(in: language) ?? entry.department,
                     timeLimit: (words[entry.timeLimit.unit.rawValue] ?? "{n} \(entry.timeLimit.unit.rawValue)")
                        .replacingOccurrences(of: "{n}", with: String(entry.timeLimit.amount)),
                     basis: entry.article)
            }
            let outside = profile.catalogue.outsideItems.map { rule in
                (words["outside_items"] ?? "") + (profile.cite(rule.article).map { "（\($0)）" } ?? "")
            }
            return Edition(language: language, heading: "\(profile.ordinance.city.text(in: language)) \(words["catalogue"] ?? "")",
                           labels: words, items: items, outsideItems: outside)
        }
    }

    /// The text edition: each language in turn, one line per item.
    public var text: [String] {
        editions.flatMap { edition -> [String] in
            let w = edition.labels
            var lines = ["== \(edition.heading) (\(edition.language)) — \(w["published"] ?? "") \(publishedOn)"]
            if let article { lines.append("   \(w["basis"] ?? ""): \(article)") }
            for item in edition.items {
                var line = "\(item.code)  \(item.name) | \(w["category"] ?? ""): \(item.category) | \(w["department"] ?? ""): \(item.department)"
                line += " | \(w["time_limit"] ?? ""): \(item.timeLimit)"
                if let basis = item.basis { line += " | \(w["basis"] ?? ""): \(basis)" }
                lines.append(line)
            }
            if let outside = edition.outsideItems { lines.append(outside) }
            return lines + [""]
        }
    }
}

extension CatalogueService {
    /// The catalogue in force, ready to publish in every publication language.
    public func publication(on day: Day = .today()) throws -> CataloguePublication {
        try CataloguePublication(tenant: tenant.key, profile: try tenant.profile(on: day), entries: try items(), on: day)
    }
}
