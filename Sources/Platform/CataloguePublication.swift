import Foundation
import Kernel
import Ordinance

/// The catalogue as published to the public (向社会公布), in every publication language of
/// the profile: one edition per language, each complete on its own and in its own words —
/// dates, time limits, labels and the citation of the law.
public struct CataloguePublication: Sendable, Codable {
    public struct Edition: Sendable, Codable {
        public var language: String
        public var heading: String
        /// The date of publication in the language's words.
        public var date: String
        /// The article that has the catalogue published, cited in the language.
        public var basis: String?
        public var labels: [String: String]
        public var items: [Item]
        /// The worker's right to refuse matters outside the list, where the ordinance gives it.
        public var outsideItems: String?
    }

    public struct Item: Sendable, Codable {
        public var code: String
        public var revision: Int
        public var name: String
        public var category: String
        public var department: String
        /// The org unit whose body compiled the item, where catalogues are per body; nil: tenant-wide.
        public var scope: String?
        public var timeLimit: String
        /// The item's legal basis, cited in the edition's language.
        public var basis: String?
    }

    public var tenant: String
    public var ordinance: String
    /// The edition's number once published (nil for a preview of the catalogue in force).
    public var number: Int?
    public var publishedOn: String
    /// The article that has the catalogue published.
    public var article: String?
    public var editions: [Edition]

    init(tenant: String, profile: Profile, entries: [CatalogueEntry], on day: Day, number: Int? = nil, packs: PackShelf) throws {
        self.tenant = tenant
        ordinance = profile.ordinance.title.description
        self.number = number
        publishedOn = day.description
        let article = profile.cite(profile.catalogue.article)
        self.article = article
        let missing = profile.publication.languages.filter { packs.languages[$0] == nil }
        if !missing.isEmpty {
            throw PlatformError("missing-pack",
                                "no language pack in \(packs.folder.path) provides \(missing.joined(separator: ", ")); add one (plugins/lang-\(missing[0])/) to publish in it",
                                article: profile.cite(profile.publication.article))
        }
        editions = profile.publication.languages.map { language in
            let words = packs.languages[language]?.publication ?? [:]
            let cite = { (basis: String?) in Self.citation(basis, profile: profile, language: language, words: words) }
            let items = entries.map { entry in
                Item(code: entry.code, revision: entry.revision, name: entry.name(in: language),
                     category: profile.catalogue.categories.first { $0.key == entry.category }?.name.text(in: language) ?? entry.category,
                     department: profile.department(entry.department)?.name.text(in: language) ?? entry.department,
                     scope: entry.scopeName,
                     timeLimit: Self.words(for: entry.timeLimit, in: words),
                     basis: cite(entry.article))
            }
            // The profile's own rule and article, never one city's wording for all.
            let outside = profile.catalogue.outsideItems.map { rule in
                let exception = rule.exception.map { (words["outside_items_except"] ?? "，{text}").replacingOccurrences(of: "{text}", with: $0.text(in: language)) }
                return (words["outside_items_\(rule.rule.rawValue)"] ?? "").replacingOccurrences(of: "{except}", with: exception ?? "")
                    + (cite(profile.cite(rule.article)).map { "（\($0)）" } ?? "")
            }
            let heading = "\(profile.ordinance.city.text(in: language)) \(words["catalogue"] ?? "")"
                + (number.map { " " + Self.fill(words["edition"] ?? "{n}", ["n": $0]) } ?? "")
            return Edition(language: language, heading: heading,
                           date: Self.fill(words["date"] ?? "{y}-{m}-{d}", ["y": day.year, "m": day.month, "d": day.day]),
                           basis: cite(article), labels: words, items: items, outsideItems: outside)
        }
    }

    /// A time limit in a language pack's words (`10个工作日`, `ལས་ཉིན་10`), or as written
    /// without them.
    public static func words(for limit: TimeLimit, in words: [String: String]) -> String {
        guard let template = words[limit.unit.rawValue] else { return limit.description }
        return fill(template, ["n": limit.amount])
    }

    /// `template` with each `{key}` replaced by its number.
    private static func fill(_ template: String, _ values: [String: Int]) -> String {
        values.reduce(template) { text, value in text.replacingOccurrences(of: "{\(value.key)}", with: String(value.value)) }
    }

    /// A citation of the ordinance (its title in the profile's primary language, then 第N条…)
    /// in `language`: the title's translation and the article in the language's words
    /// (`cite_article`, `cite_insertion`, `cite_paragraph`, `cite_point` of the labels). A citation that is not
    /// of this ordinance, or a language without those words, keeps the text as recorded.
    static func citation(_ basis: String?, profile: Profile, language: String, words: [String: String]) -> String? {
        guard let basis, language != profile.publication.primaryLanguage, let template = words["cite_article"] else { return basis }
        let title = profile.ordinance.title.text(in: profile.publication.primaryLanguage)
        var rest = Substring(basis)
        if !title.isEmpty, rest.hasPrefix(title) { rest = rest.dropFirst(title.count).drop { $0 == " " } }
        guard let article = Article(String(rest)) else { return basis }
        guard let rendered = article.rendered(article: template, insertion: words["cite_insertion"], paragraph: words["cite_paragraph"] ?? "",
                                              point: words["cite_point"] ?? "", separator: words["cite_separator"] ?? "") else { return basis }
        let translated = profile.ordinance.title.translations.first { $0.language == language }?.text
        return [translated, rendered].compactMap { $0 }.joined(separator: " ")
    }

    /// The text edition: each language in turn, one line per item.
    public var text: [String] {
        editions.flatMap { edition -> [String] in
            let w = edition.labels
            var lines = ["== \(edition.heading) (\(edition.language)) — \(w["published"] ?? "") \(edition.date)"]
            if let basis = edition.basis { lines.append("   \(w["basis"] ?? ""): \(basis)") }
            for item in edition.items {
                var line = "\(item.code)  \(item.name) | \(w["category"] ?? ""): \(item.category) | \(w["department"] ?? ""): \(item.department)"
                if let scope = item.scope { line += " | \(w["scope"] ?? ""): \(scope)" }
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
    /// A preview of the catalogue in force as it would be published on `day`, in every
    /// publication language; nothing is recorded.
    public func preview(on day: Day = .today()) throws -> CataloguePublication {
        try CataloguePublication(tenant: tenant.key, profile: try tenant.profile(on: day), entries: try items(), on: day, packs: tenant.packs)
    }
}
