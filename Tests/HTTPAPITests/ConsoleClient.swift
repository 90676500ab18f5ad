import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A browser as far as the console cares: it keeps cookies by name, does not follow
/// redirects (the tests look at them), and sends forms URL-encoded.
final class ConsoleClient: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    let live: LiveServer
    let tenant: String
    private(set) var cookies: [String: String] = [:]
    /// The Set-Cookie headers of the last response, whole.
    private(set) var setCookies: [String] = []
    private lazy var session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieStorage = nil
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()

    init(_ live: LiveServer, tenant: String) {
        self.live = live
        self.tenant = tenant
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    struct Page {
        var status: Int
        var location: String?
        var text: String
        /// The value of the first hidden `csrf` field.
        var csrf: String? {
            text.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression).map {
                String(text[$0].dropFirst(#"name="csrf" value=""#.count).dropLast())
            }
        }
    }

    /// GET or POST a console path (`/console…`, under the tenant; the deployment's own paths with tenant "").
    func request(_ method: String, _ path: String, form: [(String, String)]? = nil) async throws -> Page {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(live.port)\(tenant.isEmpty ? "" : "/t/\(tenant)")\(path)")!)
        request.httpMethod = method
        if !cookies.isEmpty {
            request.setValue(cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), forHTTPHeaderField: "Cookie")
        }
        if let form {
            let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-._~"))
            request.httpBody = Data(form.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
                .joined(separator: "&").utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        setCookies = (http.value(forHTTPHeaderField: "Set-Cookie") ?? "").components(separatedBy: ", wangge_").enumerated()
            .map { $0.offset == 0 ? $0.element : "wangge_" + $0.element }.filter { !$0.isEmpty }
        for header in setCookies {
            let pair = header.split(separator: ";").first?.split(separator: "=", maxSplits: 1) ?? []
            guard pair.count >= 1 else { continue }
            let value = pair.count == 2 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = value }
        }
        return Page(status: http.statusCode, location: http.value(forHTTPHeaderField: "Location"), text: String(decoding: data, as: UTF8.self))
    }

    /// Signs in with a bearer token through the sign-in form.
    @discardableResult
    func signIn(_ token: String) async throws -> Page {
        let form = try await request("GET", "/console/sign-in")
        return try await request("POST", "/console/sign-in", form: [("csrf", form.csrf ?? ""), ("token", token), ("next", "")])
    }

    /// Drops one cookie, as a browser whose cookie expired would.
    func forget(_ name: String) { cookies[name] = nil }
    func set(_ name: String, _ value: String) { cookies[name] = value }
}
