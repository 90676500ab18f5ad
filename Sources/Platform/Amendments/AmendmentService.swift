import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// What an amendment does to a running city, before and when it takes effect: the catalogue
/// items it enacts are applied to the live catalogue as revisions citing it, once, when the
/// version comes into force (the server's sweep beat, or the next time the tenant is opened).
public struct AmendmentService: Sendable {
    let tenant: Tenant

    /// One change an amendment makes to an item of the live catalogue.
    public struct ItemChange: Sendable, Encodable, Equatable {
        /// `admit`, `amend` or `withdraw`.
        public var action: String
        public var code: String
        public var name: String
        /// What changes, field by field (old → new), against the live catalogue.
        public var fields: [FieldChange]
        /// The article of the amended text that makes the change, quoted; nil when the item
        /// cites none, and the change then waits for an application under the catalogue procedure.
        public var article: String?
        /// True when the amendment itself enacts the change (the item cites an article).
        public var enacted: Bool
    }

    /// The version `profile` amends: the one it names, else the enacted version before it.
    func predecessor(of profile: Profile) -> Profile? {
        if let amends = profile.ordinance.amends, let named = tenant.profiles.version(effective: amends) { return named }
        guard let effective = profile.ordinance.effective else { return nil }
        return tenant.profiles.versions.last { $0.ordinance.isEnacted && ($0.ordinance.effective.map { $0 < effective } ?? false) }
    }

    /// The catalogue changes of `profile` against the version it amends, as they would land on
    /// the live catalogue now: an item the amendment adds is admitted, one it changes is
    /// amended in the fields the amendment changes, one it drops is withdrawn.
    func catalogueChanges(of profile: Profile, in db: Database) throws -> [(change: ItemChange, entry: CatalogueEntry)] {
        guard let old = predecessor(of: profile) else { return [] }
        let before = Dictionary(old.catalogue.items.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(profile.catalogue.items.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let languages = profile.publication.languages
        var changes: [(ItemChange, CatalogueEntry)] = []
        for code in Set(before.keys).union(after.keys).sorted() {
            let live = try CatalogueStore.latest(code, in: db)
            let listed = live.map(\.inCatalogue) ?? false
            let nextRevision = (try CatalogueStore.latestRevision(code, in: db) ?? 0) + 1
            var entry: CatalogueEntry
            var action: String
            switch (before[code], after[code]) {
            case (nil, let item?):
                entry = CatalogueEntry(seed: item, profile: profile)
                action = listed ? "amend" : "admit"
                if let live, listed { entry.resources = live.resources; entry.scope = live.scope; entry.scopeName = live.scopeName }
            case (let was?, let item?):
                let seeded = (old: CatalogueEntry(seed: was, profile: old), new: CatalogueEntry(seed: item, profile: profile))
                guard seeded.old.names != seeded.new.names || seeded.old.category != seeded.new.category
                        || seeded.old.department != seeded.new.department || seeded.old.timeLimit != seeded.new.timeLimit
                        || was.article != item.article else { continue }
                // Only what the amendment changes is carried onto the item as the city keeps it.
                entry = live.map { $0.inCatalogue ? $0 : seeded.new } ?? seeded.new
                if seeded.old.names != seeded.new.names { entry.names = seeded.new.names }
                if seeded.old.category != seeded.new.category { entry.category = seeded.new.category }
                if seeded.old.department != seeded.new.department { entry.department = seeded.new.department }
                if seeded.old.timeLimit != seeded.new.timeLimit { entry.timeLimit = seeded.new.timeLimit }
                if was.article != item.article { entry.article = seeded.new.article }
                entry.inCatalogue = true
                action = listed ? "amend" : "admit"
            case (let was?, nil):
                guard let live, listed else { continue }
                entry = live
                entry.inCatalogue = false
                action = "withdraw"
                _ = was
            case (nil, nil):
                continue
            }
            entry.revision = nextRevision
            let fields = CatalogueEntry.changes(from: listed ? live : nil, to: entry.inCatalogue ? entry : nil, languages: languages)
            guard !fields.isEmpty else { continue }
            let item = after[code] ?? before[code]
            let article = item?.article.flatMap { after[code] != nil ? profile.cite($0) : old.cite($0) }
            changes.append((ItemChange(action: action, code: code, name: entry.name(in: profile.publication.primaryLanguage), fields: fields,
                                       article: article, enacted: item?.article != nil), entry))
        }
        return changes
    }

    /// Applies the changes of every enacted version that has come into force and was not
    /// applied yet; returns the versions applied. Idempotent: each version is applied once.
    @discardableResult
    public func takeEffect(at now: Date = Date()) throws -> [String] {
        let today = tenant.today(at: now)
        let due = try tenant.database.pool.read { try ProfileVersionStore.unapplied(through: today.description, in: $0) }
        guard !due.isEmpty else { return [] }
        return try tenant.database.pool.write { db in
            var applied: [String] = []
            for effective in try ProfileVersionStore.unapplied(through: today.description, in: db) {
                guard let day = Day(effective), let profile = tenant.profiles.version(effective: day), profile.ordinance.isEnacted else { continue }
                let calendar = try tenant.kernel(for: day).calendar
                let decision = profile.ordinance.decision
                for (change, entry) in try catalogueChanges(of: profile, in: db) where change.enacted {
                    try CatalogueStore.append(.init(action: change.action, entry: entry, effectiveAt: calendar.instant(day, minutes: 0),
                                                    requestedBy: "ordinance \(effective)", decidedBy: decision?.body ?? "ordinance \(effective)",
                                                    reason: [decision?.title, change.article].compactMap { $0 }.joined(separator: "，"),
                                                    applicationId: nil), in: db)
                }
                try ProfileVersionStore.markApplied(effective, at: timestamp(now), in: db)
                applied.append(effective)
            }
            return applied
        }
    }
}

extension Tenant {
    /// Amendments: what a version will change in the running city, and applying it when it takes effect.
    public var amendments: AmendmentService { AmendmentService(tenant: self) }
}
