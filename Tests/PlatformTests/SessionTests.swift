import Foundation
import Testing
import Platform

/// Console sessions: a token exchanged for a session that ends on sign-out, on expiry,
/// or when its token is revoked.
@Suite("Console sessions")
struct SessionTests {
    @Test("a session stands for the token's staff member until signed out")
    func signInAndOut() throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let token = try lhasa.access.issueToken(staff: "LS-0003")
        let session = try lhasa.access.signIn(token: token.token)
        #expect(try lhasa.access.session(session.secret).caller.staffId == "LS-0003")
        #expect(try lhasa.access.session(session.secret).csrf == session.csrf)
        try lhasa.access.signOut(session.secret)
        #expect(throws: PlatformError.self) { try lhasa.access.session(session.secret) }
    }

    @Test("a session expires with its lifetime, and with its token's revocation")
    func expiry() throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let token = try lhasa.access.issueToken(staff: "LS-0003")
        let now = Date()
        let short = try lhasa.access.signIn(token: token.token, lifetime: 60, at: now)
        #expect(try lhasa.access.session(short.secret, at: now.addingTimeInterval(59)).caller.staffId == "LS-0003")
        #expect(throws: PlatformError.self) { try lhasa.access.session(short.secret, at: now.addingTimeInterval(61)) }
        let long = try lhasa.access.signIn(token: token.token, at: now)
        _ = try lhasa.access.revokeToken(token.id)
        #expect(throws: PlatformError.self) { try lhasa.access.session(long.secret) }
    }

    @Test("a wrong token opens no session, and a secret of another tenant is unknown here")
    func walls() throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        #expect(throws: PlatformError.self) { try lhasa.access.signIn(token: "wg_not-a-token") }
        #expect(throws: PlatformError.self) { try lhasa.access.session("ws_made-up") }
    }
}
