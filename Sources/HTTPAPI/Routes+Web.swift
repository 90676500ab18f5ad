import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import Platform
import Yams

/// The public web pages: a tenant's home (its ordinance and catalogue) and each grid's
/// notice board, in every publication language of its profile (`?lang=bo`), rendered
/// from the templates in `Resources/web`. Nothing is loaded from outside the deployment.
enum WebRoutes {
    static let all: [Route] = [
        Route(.get, "/t/{tenant}", auth: .none) { call in
            try WebPage.cached(call) {
                let page = try call.tenant.publication.home(in: WebPage.language(call))
                return try WebPage.render("home", title: page.title, page: page, language: page.language, languages: page.languages, call: call)
            }
        },
        Route(.get, "/t/{tenant}/grids/{grid}", auth: .none) { call in
            try WebPage.cached(call) {
                let page = try call.tenant.publication.noticeBoard(grid: call.parameter("grid"), in: WebPage.language(call))
                return try WebPage.render("board", title: "\(page.title.text) · \(page.ordinance)", page: page, language: page.language,
                                          languages: page.languages, call: call)
            }
        },
        Route(.get, "/t/{tenant}/report", auth: .none) { call in
            try WebPage.cached(call) { try ReportPages.form(call, problem: nil, input: [:]) }
        },
        Route(.post, "/t/{tenant}/report", auth: .none, maxBody: 16 * 1024) { call in try await ReportPages.file(call) },
        Route(.get, "/t/{tenant}/receipts/{token}", auth: .none) { call in
            let (status, html) = try WebPage.answering(call) { try ReportPages.receipt(call) }
            return WebPage.response(html, status: status)
        },
        Route(.put, "/t/{tenant}/api/v1/public-texts", auth: .staff) { call in
            try call.access().requireAdministration("give published texts")
            let input = try call.json(keys: ["unit", "person", "field", "language", "text"])
            let subject: TextSubject
            switch (try input.string("unit"), try input.string("person")) {
            case (let unit?, nil): subject = .unit(unit)
            case (nil, let person?): subject = .person(person)
            default: throw HTTPProblem(.badRequest, "missing-field", "give exactly one of 'unit' and 'person'", place: "unit")
            }
            return try JSON.response(try call.tenant.publication.setText(subject, field: try input.required("field"),
                                                                         language: try input.string("language"), text: try input.string("text")))
        },
        Route(.get, "/t/{tenant}/api/v1/public-texts/missing", auth: .staff) { call in
            try call.access().requireAdministration("see what the notice boards lack")
            return try JSON.response(try call.tenant.publication.missing())
        },
        Route(.get, "/static/wangge.css", auth: .none) { _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: WebPage.stylesheet)))
        },
    ]
}

/// Rendering of pages: templates and words are data (`Resources/web`), loaded once.
enum WebPage {
    private static let folder = Bundle.module.url(forResource: "web", withExtension: nil)

    /// The templates, by name (`home.mustache` is `home`).
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        guard let folder, let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return library }
        for file in files where file.hasSuffix(".mustache") {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else { continue }
            try? library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        return library
    }()

    /// The pages' words in `language`, from the language pack that provides it (nil without one).
    static func words(_ call: Call, _ language: String) -> [String: String]? {
        call.shelf.languages[language]?.webWords
    }

    static let stylesheet: String = {
        guard let url = folder?.appendingPathComponent("wangge.css") else { return "" }
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The language asked for with `?lang=`, else the browser's first choice
    /// (`Accept-Language: bo-CN, zh;q=0.8` asks for `bo`); the service falls back to the
    /// profile's primary language for one it does not publish in.
    static func language(_ call: Call) -> String {
        if let asked = call.query("lang") { return asked }
        let first = call.request.headers[.acceptLanguage]?.split(separator: ",").first ?? ""
        let tag = first.split(separator: ";").first?.split(separator: "-").first ?? ""
        return tag.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// What a page's template sees: the page's data, its words, and the language switch.
    /// It answers the renderer by name (no reflection: see `TemplateData`).
    struct Context: MustacheParent {
        struct Switch: MustacheParent {
            var tag: String
            var name: String
            var current: Bool

            func child(named key: String) -> Any? {
                switch key {
                case "tag": tag
                case "name": name
                case "current": current
                default: nil
                }
            }
        }

        func child(named key: String) -> Any? {
            switch key {
            case "page": page
            case "words": words
            case "language": language
            case "direction": direction
            case "recorded": recorded
            case "switches": switches
            case "base": base
            case "pageTitle": pageTitle
            case "console": console
            case "content": content
            default: nil
            }
        }

        var page: Any
        var words: [String: String]
        var language: String
        /// `ltr` or `rtl`, from the language's pack: the page's `dir`.
        var direction: String
        /// The language names, citations and other recorded texts are written in: the
        /// profile's first publication language.
        var recorded: String
        var switches: [Switch]
        var base: String
        var pageTitle: String
        /// On console pages: who is signed in, and the session's CSRF token for its forms.
        var console: ConsoleHeader?
        var content = ""
    }

    /// The path tenant links start with: `/t/<key>` under that prefix, nothing by host name.
    static func base(_ call: Call) -> String {
        call.byHostName ? "" : "/t/\(call.tenant.key)"
    }

    static func render(_ template: String, title: String, page: Any, language: String, languages: [String], call: Call,
                       console: ConsoleHeader? = nil) throws -> ByteBuffer {
        try render(template, title: title, language: language, languages: languages, call: call, console: console, cacheKey: nil) { page }
    }

    /// A page: its template rendered over `page` inside the layout (the console's, with a
    /// console header). With a `cacheKey`, a console page's content is kept for
    /// `pageLifetime` and shared by callers who would see the same, split where each
    /// caller's CSRF token goes; the console's layout is kept likewise per session and title.
    /// Rendering both per request held a case page to a quarter of its speed (bench-http).
    static func render(_ template: String, title: String, language: String, languages: [String], call: Call, console: ConsoleHeader?,
                       cacheKey: String?, page: () throws -> Any) throws -> ByteBuffer {
        let shelf = call.shelf
        guard let pack = shelf.languages[language] else {
            throw HTTPProblem(.internalServerError, "missing-pack",
                              "no language pack provides '\(language)' for the web pages; add one to \(shelf.folder.lastPathComponent)/")
        }
        // Served by host name, links stay on the host; under /t/<key>/, they keep the prefix.
        var context = Context(page: "", words: pack.webWords, language: language, direction: pack.direction.rawValue, recorded: languages.first ?? language,
                              switches: languages.map { Context.Switch(tag: $0, name: shelf.languages[$0]?.name ?? $0, current: $0 == language) },
                              base: base(call), pageTitle: title, console: console)
        guard let console else {
            context.page = try page()
            context.content = try render(context, template)
            return ByteBuffer(string: try render(context, "layout"))
        }
        // Console pages are rendered per request: their data is flattened for the renderer (TemplateData).
        var shared = console
        shared.csrf = placeholder
        context.console = shared
        let content = try call.fragments.kept(cacheKey) {
            context.page = TemplateData.flatten(try page())
            return try render(context, template)
        }
        context.content = placeholder
        let shell = try call.fragments.kept(["layout", console.csrf, context.base, language, title].joined(separator: "\u{1F}")) {
            context.console = console
            return try render(context, "console-layout")
        }
        let html = shell.joined(separator: content.joined(separator: console.csrf))
        return ByteBuffer(string: html)
    }

    private static func render(_ context: Context, _ template: String) throws -> String {
        guard let text = library.render(context, withTemplate: template) else {
            throw HTTPProblem(.internalServerError, "template", "no template '\(template)'")
        }
        return text
    }

    /// Stands for what differs per caller in kept console fragments (the CSRF token, a
    /// layout's content): random per process, so no text a user enters can be taken for it.
    static let placeholder = "wangge-" + Secrets.random(bytes: 18)

    /// How long a rendered public page is served again (`PageCache`).
    static let pageLifetime: Duration = .seconds(1)

    /// `answering`, through the cache of rendered pages.
    static func cached(_ call: Call, _ body: () throws -> ByteBuffer) throws -> Response {
        let key = "\(call.tenant.key)\u{1F}\(call.request.uri.path)\u{1F}\(language(call))"
        let now = ContinuousClock.now
        if let page = call.pages.value(key), now - page.at < pageLifetime {
            return response(page.body, status: page.status)
        }
        let (status, html) = try answering(call, body)
        call.pages.store(key, RenderedPage(at: now, status: status, body: html))
        return response(html, status: status)
    }

    /// The page `body` makes, or, when it fails, an HTML page saying why (with the rule's
    /// article), with the status the JSON API would give.
    static func answering(_ call: Call, _ body: () throws -> ByteBuffer) throws -> (HTTPResponse.Status, ByteBuffer) {
        do {
            return (.ok, try body())
        } catch {
            let problem = HTTPProblem.from(error)
            let first = problem.problems.first
            let page = ErrorPage(status: Int(problem.status.code), title: problem.status.reasonPhrase, detail: first?.message ?? "",
                                 rule: first?.rule, article: first?.article)
            let profile = try? call.tenant.profile()
            let languages = profile?.publication.languages ?? ["zh"]
            let asked = language(call)
            let known = call.shelf.languages
            let language = languages.contains(asked) && known[asked] != nil ? asked : languages.first { known[$0] != nil } ?? "zh"
            return (problem.status, try render("error", title: "\(page.status) \(page.title)", page: page, language: language,
                                               languages: languages, call: call))
        }
    }

    struct ErrorPage {
        var status: Int
        var title: String
        var detail: String
        var rule: String?
        var article: String?
    }

    /// An HTML answer with headers that keep the page to the deployment's own resources.
    static func response(_ html: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "same-origin"
        headers[.vary] = "Accept-Language"
        return Response(status: status, headers: headers, body: .init(byteBuffer: html))
    }
}

extension HTTPField.Name {
    /// `Referrer-Policy`, which swift-http-types does not name (a valid field name, so `!` cannot fail).
    static let referrerPolicy = Self("Referrer-Policy")!
}

/// Public pages as rendered by one server, by tenant, path and language, kept for a
/// second (`WebPage.pageLifetime`): every visitor sees the same page, and rendering one (a
/// template over a catalogue or a board) costs milliseconds, which under load cut the
/// pages to 2–3% of hello-world (bench-http). A change shows within a second.
typealias PageCache = LRUCache<String, RenderedPage>

/// Console fragments as rendered (`WebPage.render`), split at `WebPage.placeholder`.
/// Kept in 16 shards by key: every console request reads it twice from every tenant's
/// lane threads, and one lock for all of them was a fifth of a case page under load (perf).
final class FragmentCache: Sendable {
    private let shards: [LRUCache<String, (at: ContinuousClock.Instant, parts: [String])>]

    init(capacity: Int) { shards = (0..<16).map { _ in LRUCache(capacity: max(1, capacity / 16)) } }

    /// The parts of what `render` makes, kept under `key` for `WebPage.pageLifetime` (made afresh without a key).
    func kept(_ key: String?, _ render: () throws -> String) throws -> [String] {
        let now = ContinuousClock.now
        let shard = key.map { shards[Int(UInt(bitPattern: $0.hashValue) % UInt(shards.count))] }
        if let key, let found = shard?.value(key), now - found.at < WebPage.pageLifetime { return found.parts }
        let parts = try render().split(separator: WebPage.placeholder, omittingEmptySubsequences: false).map(String.init)
        if let key { shard?.store(key, (now, parts)) }
        return parts
    }
}

/// A page as rendered, with when and the status it was answered with.
struct RenderedPage: Sendable {
    var at: ContinuousClock.Instant
    var status: HTTPResponse.Status
    var body: ByteBuffer
}

/// The public report form, filing through the platform's channel, and the receipt the
/// reporter follows the case by.
enum ReportPages {
    struct Choice {
        var value: String
        var label: String
        var selected: Bool
    }

    struct FormPage {
        var title: String
        var items: [Choice]
        var grids: [Choice]
        var problem: Problem?
        var note: String
        var name: String
        var phone: String
    }

    /// The form, with what was typed and, after a refusal, why.
    static func form(_ call: Call, problem: Problem?, input: [String: String]) throws -> ByteBuffer {
        let form = try call.tenant.publication.reportForm(in: WebPage.language(call))
        let page = FormPage(
            title: form.title,
            items: form.items.map { Choice(value: $0.value, label: $0.label, selected: $0.value == input["item"]) },
            grids: form.grids.map { Choice(value: $0.value, label: $0.label, selected: $0.value == input["grid"]) },
            problem: problem, note: input["note"] ?? "", name: input["name"] ?? "", phone: input["phone"] ?? "")
        return try WebPage.render("report", title: form.title, page: page, language: form.language, languages: form.languages, call: call)
    }

    /// Files the form and sends the reporter to the receipt; a refusal shows the form again
    /// with the rule's message and article (422), keeping what was typed.
    static func file(_ call: Call) async throws -> Response {
        let input: [String: String]
        do {
            input = try URLEncodedFormDecoder().decode([String: String].self, from: try call.text)
        } catch let problem as HTTPProblem {
            throw problem
        } catch {
            throw HTTPProblem(.badRequest, "malformed-form", "send the form as application/x-www-form-urlencoded, each field once")
        }
        let base = WebPage.base(call)
        do {
            let token = try await call.tenant.publication.fileReport(item: input["item"] ?? "", grid: input["grid"] ?? "", note: input["note"],
                                                                     name: input["name"], phone: input["phone"], at: call.now)
            var headers = HTTPFields()
            headers[.location] = "\(base)/receipts/\(token)?lang=\(WebPage.language(call))"
            return Response(status: .seeOther, headers: headers)
        } catch let error as PlatformError {
            let problem = HTTPProblem.from(error)
            var shown = problem.problems.first
            if shown?.place?.hasPrefix("--") == true { shown?.place = nil }
            let (_, html) = try WebPage.answering(call) { try form(call, problem: shown, input: input) }
            return WebPage.response(html, status: problem.status == .notFound ? .unprocessableContent : problem.status)
        }
    }

    struct ReceiptPage {
        var caseId: String
        var item: String
        var grid: String
        var closed: Bool
        var reportedAtText: String
        var dueAtText: String?
        var waiting: String?
        var done: [Step]

        struct Step {
            var atText: String
            var name: String
            var article: String?
        }
    }

    static func receipt(_ call: Call) throws -> ByteBuffer {
        let receipt = try call.tenant.publication.receipt(call.parameter("token"), in: WebPage.language(call))
        let profile = try call.tenant.profile()
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: profile.calendar.timezone) ?? TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let page = ReceiptPage(
            caseId: receipt.caseId, item: receipt.item, grid: receipt.grid, closed: receipt.closed,
            reportedAtText: formatter.string(from: receipt.reportedAt), dueAtText: receipt.dueAt.map(formatter.string(from:)),
            waiting: receipt.pending.isEmpty ? nil : receipt.pending.joined(separator: "、"),
            done: receipt.done.map { .init(atText: formatter.string(from: $0.at), name: $0.name, article: $0.article) })
        return try WebPage.render("receipt", title: "\(receipt.caseId) · \(receipt.title)", page: page, language: receipt.language,
                                  languages: receipt.languages, call: call)
    }
}
