import Crypto
import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// A bearer token as issued: the secret is shown this once; the tenant keeps its digest.
public struct IssuedToken: Sendable, Encodable {
    public var id: String
    public var token: String
    public var staffId: String
    public var expiresAt: Date
}

/// A token as the tenant keeps it (never the secret).
public struct TokenRecord: Sendable, Encodable, Equatable {
    public var id: String
    public var staffId: String
    public var issuedAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var note: String?
}

/// Who is calling the HTTP front end: the staff member, the token, and the posts held today.
public struct Caller: Sendable {
    public var staffId: String
    public var tokenId: String?
    public var participant: Participant
}

/// Who may call one tenant and what they see: bearer tokens, callers' scopes and tiers,
/// and the access log of personal data shown.
public struct AccessService: Sendable {
    let tenant: Tenant

    /// Issues a bearer token for a staff member, valid for `days`. Only its SHA-256 is stored.
    public func issueToken(staff staffId: String, validFor days: Int = 30, note: String? = nil, at now: Date = Date()) throws -> IssuedToken {
        guard (1...366).contains(days) else { throw PlatformError("token-validity", "a token is valid for 1 to 366 days", place: "--days") }
        let secret = Secrets.random("wg_")
        let id = "tk_" + String(Tenant.digest(ofToken: secret).prefix(10))
        let expires = now.addingTimeInterval(Double(days) * 86_400)
        try tenant.database.pool.write { db in
            guard try StaffStore.person(staffId, in: db) != nil else {
                throw PlatformError(.notFound, "unknown-staff", "no staff with id '\(staffId)'", place: "--staff")
            }
            try TokenStore.insert(APITokenRecord(id: id, digest: Tenant.digest(ofToken: secret), staffId: staffId, issuedAt: now,
                                                 expiresAt: expires, note: note), in: db)
        }
        return IssuedToken(id: id, token: secret, staffId: staffId, expiresAt: expires)
    }

    /// Revokes a token at once.
    public func revokeToken(_ id: String, at now: Date = Date()) throws -> TokenRecord {
        try tenant.database.pool.write { db in
            guard let token = try TokenStore.revoke(id, at: now, in: db) else { throw PlatformError(.notFound, "unknown-token", "no token '\(id)'") }
            return TokenRecord(token)
        }
    }

    public func tokens(staff staffId: String? = nil) throws -> [TokenRecord] {
        try tenant.database.pool.read { try TokenStore.tokens(staff: staffId, in: $0).map(TokenRecord.init) }
    }

    /// The caller a bearer token stands for, or a refusal (rule `unauthorized`) that says
    /// why without telling a guesser whether the token exists elsewhere. A token checked
    /// in the last second is not read again, so a revocation takes effect within a second.
    public func authenticate(bearer token: String, at now: Date = Date()) throws -> Caller {
        if let (caller, expires, checked) = tenant.callers.value(token), now < expires, now.timeIntervalSince(checked) < 1 { return caller }
        let digest = Tenant.digest(ofToken: token)
        return try tenant.database.pool.read { db in
            guard let record = try TokenStore.token(digest: digest, in: db) else {
                throw PlatformError(.unauthorized, "unauthorized", "the token is not valid for \(tenant.key)")
            }
            if record.revokedAt != nil { throw PlatformError(.unauthorized, "unauthorized", "the token was revoked") }
            if now >= record.expiresAt { throw PlatformError(.unauthorized, "unauthorized", "the token has expired") }
            let kernel = try tenant.kernel(for: try tenant.profile().ordinance.effective!)
            let participant = try tenant.participant(record.staffId, on: kernel.calendar.day(of: now), in: db, place: "token")
            let caller = Caller(staffId: participant.staffId, tokenId: record.id, participant: participant)
            tenant.callers.store(token, (caller, record.expiresAt, now))
            return caller
        }
    }

}

extension TokenRecord {
    init(_ record: APITokenRecord) {
        self.init(id: record.id, staffId: record.staffId, issuedAt: record.issuedAt, expiresAt: record.expiresAt,
                  revokedAt: record.revokedAt, note: record.note)
    }
}

extension Tenant {
    /// SHA-256 of a secret or a request, in hex: what is stored instead of the secret.
    static func digest(ofToken token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexString
    }
}
