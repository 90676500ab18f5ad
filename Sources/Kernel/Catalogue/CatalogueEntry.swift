import Ordinance

/// One revision of an item of the live catalogue (事项清单): the matter, its category, the
/// department that handles it and its time limit. Revisions are never changed; an
/// amendment or withdrawal is a new revision.
public struct CatalogueEntry: Sendable, Codable, Equatable {
    public var code: String
    /// 1 for the item as seeded or first admitted; each approved change adds one.
    public var revision: Int
    /// The item's name by language tag, one for every publication language.
    public var names: [String: String]
    public var category: String
    public var department: String
    public var timeLimit: TimeLimit
    /// The forces, resources and funds the department commits to the grid (力量、资源、经费).
    public var resources: String?
    /// The article the item rests on, quoted.
    public var article: String?
    /// False from the revision that withdrew the item (退出).
    public var inCatalogue: Bool
    /// The org unit whose body compiles the catalogue the item is in, where catalogues are
    /// compiled per body ("同级": a county's list applies to that county's grids only), and its
    /// name; nil for the tenant-wide catalogue (the profile's seed items, imports).
    public var scope: Int64?
    public var scopeName: String?

    public init(code: String, revision: Int, names: [String: String], category: String, department: String,
                timeLimit: TimeLimit, resources: String? = nil, article: String? = nil, inCatalogue: Bool = true) {
        self.code = code
        self.revision = revision
        self.names = names
        self.category = category
        self.department = department
        self.timeLimit = timeLimit
        self.resources = resources
        self.article = article
        self.inCatalogue = inCatalogue
    }

    /// The name in `language`, else in any language given.
    public func name(in language: String) -> String {
        names[language] ?? names.values.sorted().first ?? code
    }

    /// The entry a profile's seed item becomes at onboarding.
    public init(seed item: Item, profile: Profile) {
        self.init(code: item.code, revision: 1,
                  names: Dictionary(item.name.translations.map { ($0.language, $0.text) }, uniquingKeysWith: { a, _ in a }),
                  category: item.category, department: item.department, timeLimit: item.timeLimit ?? TimeLimit(1, .workdays),
                  article: profile.cite(item.article))
    }
}

/// One field of an item that a change alters, with its value before and after.
public struct FieldChange: Sendable, Codable, Equatable, CustomStringConvertible {
    /// `name.<language>`, `category`, `department`, `time_limit`, `resources`, `article` or `in_catalogue`.
    public var field: String
    public var old: String
    public var new: String

    public var description: String { "\(field): \(old) → \(new)" }
}

extension CatalogueEntry {
    /// The item's fields as text, in a fixed order: a name per publication language, then
    /// category, department, the compiling body's catalogue (empty: tenant-wide), time limit,
    /// resources, legal basis and whether it is in force.
    public func fields(languages: [String]) -> [(field: String, value: String)] {
        Self.fields(of: self, languages: languages)
    }

    /// The fields that differ between two states of an item, either of which may be
    /// absent (before an admission, after nothing), in the given publication languages:
    /// what whoever decides sees as old → new.
    public static func changes(from old: CatalogueEntry?, to new: CatalogueEntry?, languages: [String]) -> [FieldChange] {
        zip(fields(of: old, languages: languages), fields(of: new, languages: languages)).compactMap { old, new in
            old.value == new.value ? nil : FieldChange(field: old.field, old: old.value, new: new.value)
        }
    }

    private static func fields(of entry: CatalogueEntry?, languages: [String]) -> [(field: String, value: String)] {
        languages.map { ("name.\($0)", entry?.names[$0] ?? "") } + [
            ("category", entry?.category ?? ""), ("department", entry?.department ?? ""),
            ("catalogue", entry?.scopeName ?? ""),
            ("time_limit", entry.map { $0.timeLimit.description } ?? ""), ("resources", entry?.resources ?? ""),
            ("article", entry?.article ?? ""), ("in_catalogue", entry?.inCatalogue == true ? "yes" : "no"),
        ]
    }
}
