import Foundation
import GRDB
import Ordinance
import Store

/// Whose text it is: an org unit (by id, grid code or division code) or a person (by staff id).
public enum TextSubject: Sendable, Equatable {
    case unit(String)
    case person(String)
}

/// A text the public pages show for a unit or a person.
public struct PublicTextView: Sendable, Encodable, Equatable {
    /// `unit:<id>` or `person:<id>`.
    public var subject: String
    /// The unit's or person's name as recorded.
    public var name: String
    public var field: String
    /// A publication language, or empty for a value that is the same in every language.
    public var language: String
    public var text: String
}

/// A text a notice board needs that the tenant has not given yet.
public struct MissingText: Sendable, Encodable, Equatable {
    public var subject: String
    public var name: String
    public var field: String
    /// Empty for a value that is the same in every language.
    public var language: String
    /// The article that has the board published.
    public var article: String?
}

extension PublicationService {
    /// What may be given, by subject kind: field and whether it is per language.
    static let unitFields = ["name": true, "area": true, "supervision_phone": false]
    static let personFields = ["name": true]
    /// The longest text accepted.
    static let longestText = 200

    /// Sets (or, with `text` nil, removes) a text of a unit or a person; returns the
    /// subject's texts after the change. Names and areas are given per publication
    /// language; a supervision phone once for every language.
    public func setText(_ subject: TextSubject, field: String, language: String?, text: String?,
                        on day: Day = .today()) throws -> [PublicTextView] {
        let profile = try tenant.profile(on: day)
        let languages = profile.publication.languages
        return try tenant.database.pool.write { db in
            let (key, name, fields) = try resolve(subject, profile: profile, in: db)
            guard let perLanguage = fields[field] else {
                throw PlatformError("text-field", "'\(field)' is not a published text here (fields: \(fields.keys.sorted().joined(separator: ", ")))",
                                    place: "--field")
            }
            let tag = perLanguage ? (language ?? "") : ""
            if perLanguage, !languages.contains(tag) {
                throw PlatformError("text-language", "'\(tag)' is not a publication language of this ordinance (languages: \(languages.joined(separator: ", ")))",
                                    article: profile.cite(profile.publication.article), place: "--language")
            }
            if let text {
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !trimmed.isEmpty, trimmed.count <= Self.longestText, !trimmed.contains(where: { $0.isNewline }) else {
                    throw PlatformError("text-value", "a published text is one line of 1 to \(Self.longestText) characters", place: "--text")
                }
                if field == "supervision_phone", trimmed.count > 20 || !trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "-+ ()".contains($0)) }) {
                    throw PlatformError("text-value", "'\(trimmed)' is not a phone number: digits, spaces and - + ( ), at most 20", place: "--text")
                }
                try PublicTextStore.set(PublicTextRecord(subject: key, field: field, language: tag, text: trimmed), in: db)
            } else if try !PublicTextStore.remove(subject: key, field: field, language: tag, in: db) {
                throw PlatformError(.notFound, "unknown-text", "\(name) has no \(field)\(tag.isEmpty ? "" : " in \(tag)") to remove", place: "--field")
            }
            return try PublicTextStore.texts(of: [key], in: db).map {
                PublicTextView(subject: key, name: name, field: $0.field, language: $0.language, text: $0.text)
            }
        }
    }

    /// The texts given for a unit or a person.
    public func texts(_ subject: TextSubject, on day: Day = .today()) throws -> [PublicTextView] {
        let profile = try tenant.profile(on: day)
        return try tenant.database.pool.read { db in
            let (key, name, _) = try resolve(subject, profile: profile, in: db)
            return try PublicTextStore.texts(of: [key], in: db).map {
                PublicTextView(subject: key, name: name, field: $0.field, language: $0.language, text: $0.text)
            }
        }
    }

    /// What the notice boards still lack: the names of every grid, of the units its area
    /// names and of its board's members in each publication language beyond the one they
    /// were recorded in, and a supervision phone for each grid (its own, or one given for a
    /// unit above it) where the board shows one.
    public func missing(on day: Day = .today()) throws -> [MissingText] {
        let profile = try tenant.profile(on: day)
        guard let board = profile.noticeBoard else { return [] }
        let others = profile.publication.languages.dropFirst()
        let article = profile.cite(board.article)
        let roles = boardRoles(profile)
        let wantsPhone = board.fields.contains { $0.key == .supervisionPhone }
        return try tenant.database.pool.read { db in
            var missing: [MissingText] = []
            var peopleSeen: Set<String> = []
            var unitsSeen: Set<Int64> = []
            for (unit, _) in try OrgStore.grids(in: db) {
                let lineage = try OrgUnit.lineage(of: unit.id!, in: db)
                let texts = PublicTexts(try PublicTextStore.texts(of: lineage.map { PublicTextStore.unit($0.id!) }, in: db))
                // The grid's name, and those of the units its area is described by (unless it has an area text).
                let key = PublicTextStore.unit(unit.id!)
                let named = lineage.prefix(1) + lineage.dropFirst().filter { unitsSeen.insert($0.id!).inserted }
                for member in named {
                    let subject = PublicTextStore.unit(member.id!)
                    for language in others where texts.value(subject, "name", language) == nil
                        && (member.id == unit.id || texts.value(key, "area", language) == nil) {
                        missing.append(MissingText(subject: subject, name: member.name, field: "name", language: language, article: article))
                    }
                }
                if wantsPhone, lineage.allSatisfy({ texts.value(PublicTextStore.unit($0.id!), "supervision_phone", "") == nil }) {
                    missing.append(MissingText(subject: key, name: unit.name, field: "supervision_phone", language: "", article: article))
                }
                for member in try StaffStore.serving(at: unit.id!, roles: roles, on: day.description, in: db)
                where peopleSeen.insert(member.person.id).inserted {
                    let person = PublicTextStore.person(member.person.id)
                    let names = PublicTexts(try PublicTextStore.texts(of: [person], in: db))
                    for language in others where names.value(person, "name", language) == nil {
                        missing.append(MissingText(subject: person, name: member.person.name, field: "name", language: language, article: article))
                    }
                }
            }
            return missing
        }
    }

    /// The roles a board lists: the profile's, or everyone who serves in a grid.
    func boardRoles(_ profile: Profile) -> [String] {
        guard let board = profile.noticeBoard, !board.staffRoles.isEmpty else {
            return profile.roles.filter { $0.kind.servesInGrid }.map(\.key)
        }
        return board.staffRoles
    }

    private func resolve(_ subject: TextSubject, profile: Profile, in db: Database) throws -> (key: String, name: String, fields: [String: Bool]) {
        switch subject {
        case .unit(let reference):
            let unit = try OrgRules(profile: profile, db: db).resolve(reference, place: "--unit")
            return (PublicTextStore.unit(unit.id!), unit.name, Self.unitFields)
        case .person(let id):
            guard let person = try StaffStore.person(id, in: db) else {
                throw PlatformError(.notFound, "unknown-staff", "no staff with id '\(id)'", place: "--person")
            }
            return (PublicTextStore.person(person.id), person.name, Self.personFields)
        }
    }
}

/// Published texts looked up by subject, field and language.
struct PublicTexts {
    private var values: [String: String] = [:]

    init(_ records: [PublicTextRecord]) {
        for record in records { values["\(record.subject)\u{1F}\(record.field)\u{1F}\(record.language)"] = record.text }
    }

    func value(_ subject: String, _ field: String, _ language: String) -> String? {
        values["\(subject)\u{1F}\(field)\u{1F}\(language)"]
    }
}
