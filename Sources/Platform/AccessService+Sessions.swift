import Foundation
import Store

/// A staff console session: the secret its cookie carries, the CSRF token every form of
/// the session sends back, and when it ends.
public struct WebSession: Sendable {
    public var secret: String
    public var csrf: String
    public var expiresAt: Date
    public var caller: Caller
}

extension AccessService {
    /// How long a console session lasts unless the deployment says otherwise: a working
    /// day. A local rule of this platform, not of any ordinance.
    public static let defaultSessionLifetime: TimeInterval = 8 * 3600

    /// Exchanges a bearer token for a console session lasting `lifetime` (never beyond the
    /// token's own expiry). The token is checked as for any request; only the digest of
    /// the session's secret is stored.
    public func signIn(token: String, lifetime: TimeInterval = defaultSessionLifetime, at now: Date = Date()) throws -> WebSession {
        let bearer = token.trimmingCharacters(in: .whitespacesAndNewlines)
        let caller = try authenticate(bearer: bearer, at: now)
        guard let tokenId = caller.tokenId else { throw PlatformError(.unauthorized, "unauthorized", "the token is not valid for \(tenant.key)") }
        let secret = Secrets.random("ws_")
        let csrf = Secrets.random(bytes: 24)
        return try tenant.database.pool.write { db in
            guard let record = try TokenStore.token(digest: Tenant.digest(ofToken: bearer), in: db) else {
                throw PlatformError(.unauthorized, "unauthorized", "the token is not valid for \(tenant.key)")
            }
            let expires = min(now.addingTimeInterval(lifetime), record.expiresAt)
            try SessionStore.insert(WebSessionRecord(digest: Tenant.digest(ofToken: secret), tokenId: tokenId, csrf: csrf, createdAt: now,
                                                     expiresAt: expires), in: db)
            return WebSession(secret: secret, csrf: csrf, expiresAt: expires, caller: caller)
        }
    }

    /// The session a cookie carries, or a refusal (rule `session`) when it is unknown,
    /// signed out, expired, or its token was revoked or has expired. A session checked in
    /// the last second is not read again (as for bearer tokens), so a revocation takes
    /// effect within a second; a sign-out on this server at once.
    public func session(_ secret: String, at now: Date = Date()) throws -> WebSession {
        let digest = Tenant.digest(ofToken: secret)
        if let (cached, checked) = tenant.sessions.value(digest), (0..<1).contains(now.timeIntervalSince(checked)) {
            guard let cached else { throw PlatformError(.unauthorized, "session", "the session was signed out; sign in again") }
            if now < cached.expiresAt { return cached }
        }
        let session = try readSession(secret, digest: digest, at: now)
        tenant.sessions.store(digest, (session, now))
        return session
    }

    private func readSession(_ secret: String, digest: String, at now: Date) throws -> WebSession {
        let found = try tenant.database.pool.read { try SessionStore.session(digest: digest, in: $0) }
        guard let (session, token) = found else { throw PlatformError(.unauthorized, "session", "sign in to the console") }
        if session.endedAt != nil { throw PlatformError(.unauthorized, "session", "the session was signed out; sign in again") }
        if now >= session.expiresAt { throw PlatformError(.unauthorized, "session", "the session has expired; sign in again") }
        if token.revokedAt != nil || now >= token.expiresAt {
            throw PlatformError(.unauthorized, "session", "the token this session was opened with is no longer valid")
        }
        let caller = try tenant.database.pool.read { db in
            let kernel = try tenant.kernel(for: try tenant.profile().ordinance.effective!)
            let participant = try tenant.participant(token.staffId, on: kernel.calendar.day(of: now), in: db, place: "session")
            return Caller(staffId: participant.staffId, tokenId: token.id, participant: participant)
        }
        return WebSession(secret: secret, csrf: session.csrf, expiresAt: session.expiresAt, caller: caller)
    }

    /// Ends a session (sign-out). An unknown session is already ended.
    public func signOut(_ secret: String, at now: Date = Date()) throws {
        let digest = Tenant.digest(ofToken: secret)
        try tenant.database.pool.write { try SessionStore.end(digest: digest, at: now, in: $0) }
        tenant.sessions.store(digest, (nil, now))
    }
}
