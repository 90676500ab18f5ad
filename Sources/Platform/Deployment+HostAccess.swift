import Foundation
import Store

/// A token of the provincial host, as listed (never its secret).
public struct HostTokenInfo: Sendable, Encodable, Equatable {
    public var id: String
    public var issuedAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var note: String?
}

/// A host console session: its cookie's secret, its forms' CSRF token, when it ends.
public struct HostSession: Sendable {
    public var secret: String
    public var csrf: String
    public var expiresAt: Date
    public var tokenId: String
}

/// The provincial host's access to the deployment as a whole: its own tokens (kept in the
/// registry, apart from every tenant's), exchanged for sessions of the host overview. A
/// host token opens no tenant's data; it shows every tenant's state.
extension Deployment {
    /// Issues a host token valid for `days`; only its SHA-256 is stored.
    public func issueHostToken(validFor days: Int = 30, note: String? = nil, at now: Date = Date()) throws -> (id: String, token: String, expiresAt: Date) {
        guard (1...366).contains(days) else { throw PlatformError("token-validity", "a token is valid for 1 to 366 days", place: "--days") }
        let secret = Secrets.random("wh_")
        let digest = Tenant.digest(ofToken: secret)
        let id = "ht_" + String(digest.prefix(10))
        let expires = now.addingTimeInterval(Double(days) * 86_400)
        try registry.insertHostToken(HostTokenRecord(id: id, digest: digest, issuedAt: now, expiresAt: expires, note: note))
        return (id, secret, expires)
    }

    public func revokeHostToken(_ id: String, at now: Date = Date()) throws -> HostTokenInfo {
        guard let token = try registry.revokeHostToken(id, at: now) else { throw PlatformError(.notFound, "unknown-token", "no host token '\(id)'") }
        return HostTokenInfo(token)
    }

    public func hostTokens() throws -> [HostTokenInfo] {
        try registry.hostTokens().map(HostTokenInfo.init)
    }

    /// Exchanges a host token for a session of at most `lifetime` (never past the token's expiry).
    public func hostSignIn(token: String, lifetime: TimeInterval = AccessService.defaultSessionLifetime, at now: Date = Date()) throws -> HostSession {
        let bearer = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let record = try registry.hostToken(digest: Tenant.digest(ofToken: bearer)) else {
            throw PlatformError(.unauthorized, "unauthorized", "the token is not a host token of this deployment")
        }
        if record.revokedAt != nil { throw PlatformError(.unauthorized, "unauthorized", "the token was revoked") }
        if now >= record.expiresAt { throw PlatformError(.unauthorized, "unauthorized", "the token has expired") }
        let secret = Secrets.random("hs_")
        let session = HostSession(secret: secret, csrf: Secrets.random(bytes: 24), expiresAt: min(now.addingTimeInterval(lifetime), record.expiresAt),
                                  tokenId: record.id)
        try registry.insertHostSession(HostSessionRecord(digest: Tenant.digest(ofToken: secret), tokenId: record.id, csrf: session.csrf,
                                                         createdAt: now, expiresAt: session.expiresAt))
        return session
    }

    /// The host session a cookie carries, or a refusal (rule `session`).
    public func hostSession(_ secret: String, at now: Date = Date()) throws -> HostSession {
        guard let (session, token) = try registry.hostSession(digest: Tenant.digest(ofToken: secret)) else {
            throw PlatformError(.unauthorized, "session", "sign in to the host overview")
        }
        if session.endedAt != nil || now >= session.expiresAt || token.revokedAt != nil || now >= token.expiresAt {
            throw PlatformError(.unauthorized, "session", "the session has ended; sign in again")
        }
        return HostSession(secret: secret, csrf: session.csrf, expiresAt: session.expiresAt, tokenId: token.id)
    }

    public func hostSignOut(_ secret: String, at now: Date = Date()) throws {
        try registry.endHostSession(digest: Tenant.digest(ofToken: secret), at: now)
    }
}

extension HostTokenInfo {
    init(_ record: HostTokenRecord) {
        self.init(id: record.id, issuedAt: record.issuedAt, expiresAt: record.expiresAt, revokedAt: record.revokedAt, note: record.note)
    }
}
