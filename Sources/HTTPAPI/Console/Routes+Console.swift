import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import Ordinance
import Platform

/// The staff console: sign-in with a tenant token exchanged for a session, the inbox of
/// the caller's scope, and the case page whose forms act through the platform. Every page
/// is rendered from `Resources/web`; every form carries the session's CSRF token.
enum ConsoleRoutes {
    static let base = "/t/{tenant}/console"

    static var all: [Route] {
        [
            Route(.get, base + "/sign-in", auth: .session, html(SignInPages.form)),
            Route(.post, base + "/sign-in", auth: .session, maxBody: 8 * 1024, html(SignInPages.signIn)),
            Route(.post, base + "/sign-out", auth: .session, maxBody: 8 * 1024, html(SignInPages.signOut)),
            Route(.get, base, auth: .session, html(InboxPage.show)),
            Route(.get, base + "/cases/{id}", auth: .session, html(CasePage.show)),
            Route(.post, base + "/cases/{id}/actions", auth: .session, maxBody: 32 * 1024, html(CasePage.act)),
            Route(.get, base + "/catalogue", auth: .session, html(CataloguePage.show)).heavyWork,
            Route(.get, base + "/catalogue/items/{code}", auth: .session, html(CatalogueHistoryPages.item)),
            Route(.post, base + "/catalogue/applications/{id}", auth: .session, maxBody: 32 * 1024, html(CataloguePage.decide)),
            Route(.post, base + "/catalogue/import", auth: .session, maxBody: 2 * 1024 * 1024, html(CataloguePage.importFile)).heavyWork,
            Route(.get, base + "/org", auth: .session, html(OrgPage.show)).heavyWork,
            Route(.get, base + "/stats", auth: .session, html(StatsPage.show)).heavyWork,
            Route(.get, base + "/stats/cases", auth: .session, html(StatsPage.cases)).heavyWork,
            Route(.get, base + "/ordinance", auth: .session, html(OrdinancePage.show)).heavyWork,
        ]
    }
}

/// A console handler whose refusals (a bad form, a foreign case, CSRF) are answered as
/// an HTML page with the status and article, not as the API's problem details.
func html(_ handler: @escaping @Sendable (Call) async throws -> Response) -> @Sendable (Call) async throws -> Response {
    { call in
        do {
            return try await handler(call)
        } catch let error as PlatformError {
            return try Console.problem(call, error)
        } catch let problem as HTTPProblem where problem.status != .tooManyRequests {
            return try Console.problem(call, problem)
        }
    }
}

/// What every console page shows at the top: who is signed in, where, and the CSRF
/// token of the session for the sign-out form and any other form on the page.
struct ConsoleHeader: MustacheParent {
    var staffName: String
    var staffId: String
    var posts: String
    var csrf: String
    var administers: Bool
    var section: String

    func child(named key: String) -> Any? {
        switch key {
        case "staffName": staffName
        case "staffId": staffId
        case "posts": posts
        case "csrf": csrf
        case "administers": administers
        case "section": section
        default: nil
        }
    }
}

/// Rendering console pages: in the first publication language of the profile whose
/// language pack has the console's words (its `console` section).
enum Console {
    static func language(_ call: Call) throws -> (String, [String]) {
        language(try call.tenant.profile(), shelf: call.shelf)
    }

    /// The first publication language whose pack has the console's words, else Chinese.
    static func language(_ profile: Profile, shelf: PackShelf) -> (String, [String]) {
        let language = profile.publication.languages.first { shelf.languages[$0]?.console != nil } ?? "zh"
        return (language, [language])
    }

    static func header(_ session: WebSession, section: String, call: Call, profile given: Profile? = nil) throws -> ConsoleHeader {
        let participant = session.caller.participant
        let profile = try given ?? call.tenant.profile()
        let posts = participant.posts.map { post in
            let role = profile.role(post.role)?.name.description ?? post.role
            let place = post.department.flatMap { profile.department($0)?.name.description } ?? post.unitName ?? ""
            return place.isEmpty ? role : "\(place) \(role)"
        }
        let access = try call.tenant.access.scope(for: session.caller, at: call.now)
        return ConsoleHeader(staffName: participant.name, staffId: participant.staffId, posts: posts.joined(separator: "、"),
                             csrf: session.csrf, administers: access.administers, section: section)
    }

    /// A console page for the signed-in caller, or the way to the sign-in page.
    static func page(_ call: Call, section: String, status: HTTPResponse.Status = .ok,
                     _ body: (WebSession) async throws -> (template: String, title: String, page: Any)) async throws -> Response {
        guard let session = call.session else { return SignInPages.redirect(call) }
        let (language, languages) = try language(call)
        let header = try header(session, section: section, call: call)
        let (template, title, page) = try await body(session)
        return WebPage.response(try WebPage.render(template, title: title, page: page, language: language, languages: languages,
                                                   call: call, console: header), status: status)
    }

    /// An error page inside the console (status and message, the rule's article).
    static func problem(_ call: Call, _ error: Error) throws -> Response {
        let (status, html) = try WebPage.answering(call) { throw error }
        return WebPage.response(html, status: status)
    }
}
