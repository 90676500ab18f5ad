import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// An Open311 client as its API key names it: reports it files come through its channel
/// and are attributed to it.
public struct Open311Client: Sendable, Equatable {
    public var keyId: String
    public var client: String
    public var channel: Step.Channel
}

/// A key as issued: the secret is shown once and only its SHA-256 is kept.
public struct IssuedOpen311Key: Sendable, Encodable {
    public var id: String
    public var apiKey: String
    public var client: String
    public var channel: String
}

/// A key as listed (never its secret).
public struct Open311KeyView: Sendable, Encodable {
    public var id: String
    public var client: String
    public var channel: String
    public var issuedAt: Date
    public var issuedBy: String?
    public var revokedAt: Date?
    public var note: String?

    init(_ record: Open311KeyRecord) {
        id = record.id
        client = record.client
        channel = record.channel
        issuedAt = record.issuedAt
        issuedBy = record.issuedBy
        revokedAt = record.revokedAt
        note = record.note
    }
}

/// A report as an Open311 client sends it: a service, a place in one of the spec's three
/// ways, a description, photos, and who reports.
public struct Open311Submission: Sendable {
    public var serviceCode: String
    public var lat: Double?
    public var long: Double?
    public var addressString: String?
    public var addressId: String?
    public var description: String?
    public var media: [String]
    public var reporter: Reporter
    /// The reporter agreed that the description be shown publicly.
    public var publicDescription: Bool

    public init(serviceCode: String, lat: Double?, long: Double?, addressString: String?, addressId: String?, description: String?,
                media: [String], reporter: Reporter, publicDescription: Bool = false) {
        self.publicDescription = publicDescription
        self.serviceCode = serviceCode
        self.lat = lat
        self.long = long
        self.addressString = addressString
        self.addressId = addressId
        self.description = description
        self.media = media
        self.reporter = reporter
    }
}

/// What became of a submission: a case at once, or a token while an office finds its grid.
public enum Open311Outcome: Sendable {
    case filed(CaseView)
    case waiting(token: String)
}

/// Open311 on the platform's side: client keys (issued, listed, revoked by tenant admins),
/// reports from clients routed to their grid, and reports whose place matched no grid
/// kept for an office to place (see `Open311Service+Unlocated`).
public struct Open311Service: Sendable {
    let tenant: Tenant

    /// Issues a key for a client; its reports come through `channel` (as the profile's
    /// report step allows channels, with its article).
    public func issueKey(client: String, channel: String, note: String? = nil, by operatedBy: String? = nil, at now: Date = Date()) throws -> IssuedOpen311Key {
        let name = client.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw PlatformError("missing-field", "name the client the key is for", place: "--client") }
        guard name.count <= 100, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) else {
            throw PlatformError("invalid-field", "a client's name is up to 100 visible characters", place: "--client")
        }
        let clients: [Step.Channel] = [.citizen, .platform, .unit]
        guard let channel = Step.Channel(rawValue: channel), clients.contains(channel) else {
            throw PlatformError("open311-channel", "a client's reports come through one of: \(clients.map(\.rawValue).joined(separator: ", "))",
                                place: "--channel")
        }
        let secret = Secrets.random("o311_")
        let id = "ok_" + String(Tenant.digest(ofToken: secret).prefix(10))
        try tenant.database.pool.write { db in
            try Open311KeyStore.insert(Open311KeyRecord(id: id, digest: Tenant.digest(ofToken: secret), client: name, channel: channel.rawValue,
                                                        issuedAt: now, issuedBy: operatedBy, note: note), in: db)
        }
        return IssuedOpen311Key(id: id, apiKey: secret, client: name, channel: channel.rawValue)
    }

    public func keys() throws -> [Open311KeyView] {
        try tenant.database.pool.read { try Open311KeyStore.keys(in: $0).map(Open311KeyView.init) }
    }

    /// Revokes a key at once; its reports stay attributed to it.
    public func revokeKey(_ id: String, at now: Date = Date()) throws -> Open311KeyView {
        try tenant.database.pool.write { db in
            guard let key = try Open311KeyStore.revoke(id, at: now, in: db) else {
                throw PlatformError(.notFound, "unknown-key", "no Open311 key '\(id)'", place: "id")
            }
            return Open311KeyView(key)
        }
    }

    /// The client an `api_key` stands for, or a refusal (forbidden) that does not say
    /// whether a key exists elsewhere.
    public func client(apiKey: String?) throws -> Open311Client {
        guard let apiKey, !apiKey.isEmpty else {
            throw PlatformError(.forbidden, "api-key", "an api_key is required to file a request; the city's tenant admin issues one", place: "api_key")
        }
        let record = try tenant.database.pool.read { try Open311KeyStore.key(digest: Tenant.digest(ofToken: apiKey), in: $0) }
        guard let record, record.revokedAt == nil, let channel = Step.Channel(rawValue: record.channel) else {
            throw PlatformError(.forbidden, "api-key", "the api_key is not valid here", place: "api_key")
        }
        return Open311Client(keyId: record.id, client: record.client, channel: channel)
    }

    /// Files a client's report: in the grid its place leads to, or, when its place matches
    /// no grid, kept for an office to place — never put in a default grid.
    public func submit(_ submission: Open311Submission, from client: Open311Client, as staffId: String? = nil,
                       idempotencyKey: String? = nil, at now: Date = Date()) async throws -> Open311Outcome {
        guard try tenant.catalogue.isListed(submission.serviceCode) else {
            throw PlatformError(.notFound, "unknown-item", "no service '\(submission.serviceCode)' in the catalogue", place: "service_code")
        }
        if submission.lat == nil, submission.long == nil, submission.addressString == nil, submission.addressId == nil {
            throw PlatformError("missing-field", "a request is located by lat and long, address_string or address_id", place: "lat")
        }
        var origin = CaseOrigin(lat: submission.lat, long: submission.long, address: submission.addressString, addressId: submission.addressId,
                                media: submission.media, client: client.client, publicDescription: submission.publicDescription)
        var reporter = submission.reporter
        reporter.channel = client.channel
        if let located = try tenant.locations.locate(addressId: submission.addressId, lat: submission.lat, long: submission.long,
                                                     address: submission.addressString) {
            if located.basis == .grid { origin.addressId = nil }
            let view = try await tenant.cases.report(item: submission.serviceCode, grid: located.code, as: staffId ?? Participant.platform.staffId,
                                                     reporter: reporter, note: submission.description, origin: origin,
                                                     // Keys are per client: two clients' retries never meet.
                                                     idempotencyKey: idempotencyKey.map { "\(client.keyId):\($0)" }, at: now)
            return .filed(view)
        }
        return .waiting(token: try keepUnlocated(submission, reporter: reporter, origin: origin, at: now))
    }
}

extension Tenant {
    /// Open311 client keys and reports from Open311 clients.
    public var open311: Open311Service { Open311Service(tenant: self) }
}
