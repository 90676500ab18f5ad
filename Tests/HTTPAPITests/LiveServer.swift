import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPAPI
import Hummingbird
import Logging
import ServiceLifecycle
import Ordinance
import Platform

/// The repository's `ordinances/` folder.
let ordinances = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ordinances")

/// A real server on a free loopback port, over a fresh deployment of the given cities with
/// their sample units and staff, and a bearer token for every sample staff member.
final class LiveServer: @unchecked Sendable {
    let folder: URL
    let deployment: Deployment
    let server: APIServer
    private(set) var port = 0
    private var task: Task<Void, any Error>?
    private var group: ServiceGroup?
    /// Tokens by tenant and staff id.
    private(set) var tokens: [String: [String: String]] = [:]

    /// `profiles`: the folder of the cities' profile folders (by default the repository's
    /// `ordinances/`); `plugins`: the plugins folder (by default the repository's).
    init(cities: [String], hosts: [String: [String]] = [:], settings: ServerSettings = LiveServer.testSettings,
         profiles: URL = ordinances, plugins: URL? = nil) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-http-tests-\(UUID())")
        deployment = try Deployment(folder: folder, plugins: plugins)
        let day = Day("2025-06-01")!
        var tokens: [String: [String: String]] = [:]
        for key in cities {
            _ = try deployment.onboard(key: key, profileFolder: profiles.appendingPathComponent(key), hosts: hosts[key] ?? [], on: day)
            let tenant = try deployment.open(key)
            _ = try tenant.org.importUnits(csv: try Self.sample(key, "units.csv", in: profiles), file: "units.csv", on: day)
            _ = try tenant.staff.importStaff(csv: try Self.sample(key, "staff.csv", in: profiles), file: "staff.csv", on: day)
            for staff in try tenant.staff.list(on: day) {
                tokens[key, default: [:]][staff.person.id] = try tenant.access.issueToken(staff: staff.person.id).token
            }
            try tenant.close()
        }
        self.tokens = tokens
        server = try APIServer(deployment: deployment, settings: settings)
        let started = AsyncStream<Int>.makeStream()
        let app = server.application(port: 0, sweepInterval: nil) { port in started.continuation.yield(port) }
        // Run as `wangge serve` does, minus the signals: stop() shuts it down gracefully.
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
        self.group = group
        task = Task { try await group.run() }
        for await port in started.stream {
            self.port = port
            break
        }
    }

    /// The tests send many requests from one address: no rate limits unless a test sets them.
    static var testSettings: ServerSettings {
        var settings = ServerSettings()
        settings.rates = .off
        return settings
    }

    static func sample(_ tenant: String, _ name: String, in profiles: URL = ordinances) throws -> String {
        try String(contentsOf: profiles.appendingPathComponent("\(tenant)/sample/\(name)"), encoding: .utf8)
    }

    func token(_ tenant: String, _ staff: String) -> String { tokens[tenant]?[staff] ?? "" }

    /// A response as the tests look at it.
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data

        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var list: [[String: Any]] { json as? [[String: Any]] ?? [] }
        var text: String { String(decoding: body, as: UTF8.self) }
        /// The problem's rule, for refusals.
        var rule: String? { object["rule"] as? String }
        func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
    }

    /// Sends a request; `json` is encoded as the body, `raw` is sent as is.
    func send(_ method: String, _ path: String, token: String? = nil, json: Any? = nil, raw: Data? = nil,
              contentType: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let raw { request.httpBody = raw }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)"] = "\(value)" }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    func stop() async {
        await group?.triggerGracefulShutdown()
        _ = await task?.result
        server.close()
        try? FileManager.default.removeItem(at: folder)
    }
}
