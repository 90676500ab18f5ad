import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// A published edition of the catalogue (向社会公布): numbered and dated, with the items as
/// published, the decisions it is the first to contain, and its text in every publication
/// language. Once published it never changes.
public struct CatalogueEdition: Sendable, Codable {
    public var number: Int
    /// The day of publication in the tenant's time zone.
    public var publishedOn: String
    public var publishedAt: Date
    /// The grid office's staff member who published it.
    public var publishedBy: String
    /// Who entered it: a bearer token or a registered operator of the command line.
    public var operatedBy: String?
    public var note: String?
    /// The applications and imports that took effect since the edition before.
    public var decisions: [String]
    public var entries: [CatalogueEntry]
    public var publication: CataloguePublication
}

/// One line of the list of editions.
public struct EditionSummary: Sendable, Encodable {
    public var number: Int
    public var publishedOn: String
    public var publishedBy: String
    public var items: Int
    public var decisions: [String]
}

extension CatalogueService {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// Publishes the catalogue in force as the next edition, as `staffId` of the grid office
    /// that compiles it. Refused when nothing changed since the last edition.
    public func publish(by staffId: String, note: String? = nil, operatedBy: String? = nil, at now: Date = Date()) throws -> CatalogueEdition {
        let day = try tenant.day(of: now)
        let profile = try tenant.profile(on: day)
        let kernel = try tenant.currentKernel(at: now)
        return try tenant.database.pool.write { db in
            let actor = try tenant.participant(staffId, on: day, in: db, place: "--as")
            do {
                try kernel.requireCompilingOffice(actor, toDo: "publish the catalogue")
            } catch let refusal as Refusal {
                throw PlatformError([Problem(refusal, place: "--as")])
            }
            let entries = try CatalogueStore.current(in: db)
            let last = try EditionStore.load(in: db).map(decode)
            if let last, last.entries == entries {
                throw PlatformError(.conflict, "edition-unchanged", "the catalogue is as edition \(last.number) of \(last.publishedOn) published it",
                                    article: profile.cite(profile.catalogue.article))
            }
            // Every revision after the one the last edition published of its item.
            let published = Dictionary((last?.entries ?? []).map { ($0.code, $0.revision) }, uniquingKeysWith: max)
            var decisions: [String] = []
            for revision in try CatalogueStore.history(in: db) where revision.entry.revision > published[revision.entry.code, default: 0] {
                if let id = revision.applicationId, !decisions.contains(id) { decisions.append(id) }
            }
            let number = try EditionStore.nextNumber(in: db)
            let edition = CatalogueEdition(
                number: number, publishedOn: day.description, publishedAt: now, publishedBy: staffId, operatedBy: operatedBy, note: note, decisions: decisions,
                entries: entries, publication: try CataloguePublication(tenant: tenant.key, profile: profile, entries: entries, on: day, number: number, packs: tenant.packs))
            let body = String(decoding: try Self.encoder.encode(edition), as: UTF8.self)
            try EditionStore.append(.init(number: number, publishedOn: day.description, publishedAt: now, publishedBy: staffId, body: body), in: db)
            return edition
        }
    }

    /// Every edition, newest first.
    public func editions() throws -> [EditionSummary] {
        try tenant.database.pool.read { db in
            try EditionStore.list(in: db).map(decode).map {
                EditionSummary(number: $0.number, publishedOn: $0.publishedOn, publishedBy: $0.publishedBy, items: $0.entries.count,
                               decisions: $0.decisions)
            }
        }
    }

    /// Edition `number`, or the current (latest) one when nil.
    public func edition(_ number: Int? = nil) throws -> CatalogueEdition {
        try tenant.database.pool.read { db in
            guard let record = try EditionStore.load(number, in: db) else {
                throw PlatformError(.notFound, "unknown-edition", number.map { "no edition \($0) of the catalogue" } ?? "the catalogue has not been published yet",
                                    place: "number")
            }
            return try decode(record)
        }
    }

    /// How edition `to` differs from edition `from`, item by item.
    public func compareEditions(_ from: Int, _ to: Int) throws -> [CatalogueDifference] {
        let (old, new) = (try edition(from), try edition(to))
        let languages = try tenant.profile().publication.languages
        let before = Dictionary(old.entries.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.entries.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        return Set(before.keys).union(after.keys).sorted().compactMap { code in
            let difference = CatalogueDifference(code: code, before: before[code], after: after[code], languages: languages)
            return difference.fields.isEmpty ? nil : difference
        }
    }

    /// What the public is shown: the current edition, or, before the first is published,
    /// a preview of the catalogue in force on `day`.
    public func publication(on day: Day = .today()) throws -> CataloguePublication {
        let current = try tenant.database.pool.read { try EditionStore.load(in: $0) }
        return try current.map { try decode($0).publication } ?? preview(on: day)
    }

    /// A version of what the public is shown: it changes when the catalogue changes, an
    /// edition is published, or (before the first edition) the day turns. For caches.
    public func publicationVersion(on day: Day = .today()) throws -> String {
        try tenant.database.pool.read { db in
            "\(try EditionStore.nextNumber(in: db))-\(try CatalogueStore.lastChange(in: db)?.timeIntervalSince1970 ?? 0)-\(day)"
        }
    }

    /// Editions whose text no longer matches their hash chain.
    func verifyEditions() throws -> [CaseStore.ArchiveProblem] {
        try tenant.database.pool.read { try EditionStore.verify(in: $0) }
    }

    private func decode(_ record: EditionStore.Record) throws -> CatalogueEdition {
        try Self.decoder.decode(CatalogueEdition.self, from: Data(record.body.utf8))
    }
}
