import Foundation
import Kernel
import Ordinance
import Store

/// What a tenant publishes to everyone, in each publication language of its profile: the
/// ordinance and its catalogue (the home page), and a notice board (公示牌) per grid with
/// the fields the profile's notice-board article requires.
public struct PublicationService: Sendable {
    let tenant: Tenant

    /// The ordinance as published: title, city, who adopted and approved it, when it took
    /// effect, its versions, and the catalogue in force — all in `language`.
    public func home(in language: String, on day: Day = .today()) throws -> PublicHome {
        let profile = try tenant.profile(on: day)
        let language = profile.publication.languages.contains(language) ? language : profile.publication.primaryLanguage
        let publication = try tenant.catalogue.publication(on: day)
        guard let edition = publication.editions.first(where: { $0.language == language }) ?? publication.editions.first else {
            throw PlatformError("missing-translation", "the catalogue has no edition to publish", article: profile.cite(profile.publication.article))
        }
        let ordinance = profile.ordinance
        return PublicHome(
            tenant: tenant.key, language: language, languages: profile.publication.languages,
            title: ordinance.title.text(in: language), city: ordinance.city.text(in: language),
            adopted: ordinance.adopted.map { "\($0.body) \($0.date?.description ?? "")" },
            approved: ordinance.approved.map { "\($0.body) \($0.date?.description ?? "")" },
            effective: ordinance.effective?.description ?? "",
            versions: tenant.profiles.versions.compactMap { version in
                version.ordinance.effective.map {
                    PublicHome.Version(effective: $0.description, status: version.ordinance.status.rawValue,
                                       current: $0 == profile.ordinance.effective)
                }
            },
            publicationArticle: profile.cite(profile.publication.article),
            catalogue: edition, catalogueArticle: publication.article,
            grids: try tenant.database.pool.read { db in
                try OrgStore.grids(in: db).map { PublicHome.GridLink(code: $0.grid.code, name: $0.unit.name) }
            })
    }

    /// The notice board of a grid (by code or unit id) in `language`: the profile's fields,
    /// filled from the tenant's data. A value the data does not hold in `language` is given
    /// in the language it exists in and marked, never passed off as a translation.
    public func noticeBoard(grid reference: String, in language: String, on day: Day = .today()) throws -> NoticeBoardPage {
        let profile = try tenant.profile(on: day)
        let language = profile.publication.languages.contains(language) ? language : profile.publication.primaryLanguage
        let primary = profile.publication.primaryLanguage
        guard let board = profile.noticeBoard else {
            throw PlatformError(.notFound, "no-notice-board", "the \(tenant.key) ordinance prescribes no notice board for grids")
        }
        return try tenant.database.pool.read { db in
            let unit = try OrgRules(profile: profile, db: db).resolve(reference, place: "grid")
            guard let grid = try OrgStore.grid(unitId: unit.id!, in: db) else {
                throw PlatformError(.notFound, "not-a-grid", "'\(unit.name)' is not a grid")
            }
            let staff = try StaffStore.serving(at: unit.id!, roles: boardRoles(profile), on: day.description, in: db)
            let lineage = try OrgUnit.lineage(of: unit.id!, in: db)  // the grid first
            let texts = PublicTexts(try PublicTextStore.texts(of: lineage.map { PublicTextStore.unit($0.id!) }
                                                              + staff.map { PublicTextStore.person($0.person.id) }, in: db))
            /// A name or text in the page's language when given, else as recorded, marked untranslated.
            func localized(_ subject: String, _ field: String, recorded: String) -> NoticeBoardPage.Text {
                if let given = texts.value(subject, field, language) {
                    return NoticeBoardPage.Text(text: given, language: language, untranslated: false)
                }
                return NoticeBoardPage.Text(text: recorded, language: primary, untranslated: language != primary)
            }
            let gridKey = PublicTextStore.unit(unit.id!)
            let kind = profile.grids.kinds.first { $0.key == grid.kind }
            let fields = board.fields.map { field -> NoticeBoardPage.Field in
                let label = field.label.text(in: language)
                switch field.key {
                case .gridName:
                    return .init(key: field.key.rawValue, label: label, values: [localized(gridKey, "name", recorded: unit.name)])
                case .area:
                    // The area as given, else the units the grid lies in, each named in the page's language where it can be.
                    var values: [NoticeBoardPage.Text]
                    if let given = texts.value(gridKey, "area", language) {
                        values = [NoticeBoardPage.Text(text: given, language: language, untranslated: false)]
                    } else {
                        values = lineage.dropFirst().reversed().map { localized(PublicTextStore.unit($0.id!), "name", recorded: $0.name) }
                    }
                    if let kind {
                        values.append(NoticeBoardPage.Text(text: kind.name.text(in: language), language: kind.name[language] == nil ? primary : language,
                                                           untranslated: kind.name[language] == nil && language != primary))
                    }
                    return .init(key: field.key.rawValue, label: label, values: values)
                case .staffNames:
                    return .init(key: field.key.rawValue, label: label, values: staff.map { member in
                        var value = localized(PublicTextStore.person(member.person.id), "name", recorded: member.person.name)
                        value.role = profile.role(member.role)?.name.text(in: language) ?? member.role
                        return value
                    })
                case .staffContacts:
                    return .init(key: field.key.rawValue, label: label, values: staff.compactMap { member in
                        member.person.phone.map { phone in
                            var value = localized(PublicTextStore.person(member.person.id), "name", recorded: member.person.name)
                            value.contact = phone
                            return value
                        }
                    })
                case .supervisionPhone:
                    // The grid's own, else the nearest unit above it that gives one.
                    let phone = lineage.lazy.compactMap { texts.value(PublicTextStore.unit($0.id!), "supervision_phone", "") }.first
                    return .init(key: field.key.rawValue, label: label,
                                 values: phone.map { [NoticeBoardPage.Text(text: $0, language: language, untranslated: false)] } ?? [])
                }
            }
            let title = localized(gridKey, "name", recorded: unit.name)
            return NoticeBoardPage(tenant: tenant.key, language: language, languages: profile.publication.languages,
                                   ordinance: profile.ordinance.title.text(in: language), code: grid.code,
                                   title: title, fields: fields, article: profile.cite(board.article),
                                   channels: board.channels)
        }
    }
}

extension Tenant {
    /// What the tenant publishes: the home page and the grids' notice boards.
    public var publication: PublicationService { PublicationService(tenant: self) }
}

/// The public home page of a tenant in one language.
public struct PublicHome: Sendable, Encodable {
    public struct Version: Sendable, Encodable {
        public var effective: String
        public var status: String
        /// The version in force on the day the page was made.
        public var current: Bool
    }

    public struct GridLink: Sendable, Encodable {
        public var code: String
        public var name: String
    }

    public var tenant: String
    public var language: String
    public var languages: [String]
    public var title: String
    public var city: String
    public var adopted: String?
    public var approved: String?
    public var effective: String
    public var versions: [Version]
    public var publicationArticle: String?
    public var catalogue: CataloguePublication.Edition
    public var catalogueArticle: String?
    public var grids: [GridLink]
}

/// A grid's notice board (公示牌) in one language.
public struct NoticeBoardPage: Sendable, Encodable {
    /// A value with the language it is written in; `untranslated` when that is not the
    /// page's language because the data holds no translation.
    public struct Text: Sendable, Encodable {
        public var text: String
        public var language: String
        public var untranslated: Bool
        /// For people: the role they hold, in the page's language.
        public var role: String?
        /// For contacts: how to reach the person.
        public var contact: String?
    }

    public struct Field: Sendable, Encodable {
        public var key: String
        public var label: String
        /// Empty when the tenant's data holds no value for the field.
        public var values: [Text]
    }

    public var tenant: String
    public var language: String
    public var languages: [String]
    public var ordinance: String
    public var code: String
    /// The grid's name.
    public var title: Text
    public var fields: [Field]
    public var article: String?
    public var channels: [String]
}
