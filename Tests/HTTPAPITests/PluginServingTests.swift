import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import Ordinance
import Platform

/// A hook enabled for a tenant hears every event of a case, from report to close, though the
/// server is killed with SIGKILL in the middle and started again.
@Suite("Hook plugins on a live server")
struct PluginServingTests {
    static let plugins = ordinances.deletingLastPathComponent().appendingPathComponent("plugins")

    /// Sends a JSON request with a bearer token; returns the status and the decoded object.
    static func send(_ port: Int, _ method: String, _ path: String, token: String, json: [String: Any]) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: json)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
    }

    @Test("the event-log hook gets every event of a case from report to close, in order and once, across a kill -9 of the server")
    func acrossRestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-plugins-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let deployment = try Deployment(folder: folder, plugins: Self.plugins)
        let day = Day("2025-06-01")!
        _ = try deployment.onboard(key: "lhasa", profileFolder: ordinances.appendingPathComponent("lhasa"), on: day)
        let lhasa = try deployment.open("lhasa")
        _ = try lhasa.org.importUnits(csv: try LiveServer.sample("lhasa", "units.csv"), file: "units.csv", on: day)
        _ = try lhasa.staff.importStaff(csv: try LiveServer.sample("lhasa", "staff.csv"), file: "staff.csv", on: day)
        var tokens: [String: String] = [:]
        for staff in ["LS-0003", "LS-0006", "LS-0007"] { tokens[staff] = try lhasa.access.issueToken(staff: staff).token }
        try lhasa.plugins().enable("event-log", by: "test")
        let log = lhasa.plugins().dataFolder("event-log").appendingPathComponent("events.jsonl")
        try lhasa.close()

        let arguments = ["--plugins", Self.plugins.path, "--deliver-every", "1"]
        var server = try ServerProcess(data: folder, port: 0, arguments: arguments)
        let (status, filed) = try await Self.send(server.port, "POST", "/t/lhasa/api/v1/cases", token: tokens["LS-0003"]!,
                                                  json: ["item": "LS-06", "grid": "540102002001001"])
        #expect(status == 201)
        let id = try #require((filed["state"] as? [String: Any])?["id"] as? String)
        _ = try await Self.send(server.port, "POST", "/t/lhasa/api/v1/cases/\(id)/actions", token: tokens["LS-0006"]!, json: ["action": "accept"])
        server.kill()
        server = try ServerProcess(data: folder, port: 0, arguments: arguments)
        defer { server.stop() }
        for (actor, body) in [("LS-0006", ["action": "dispatch", "lead": "public-security"]), ("LS-0007", ["action": "handle", "unit": "public-security", "result": "已处理"]),
                              ("LS-0003", ["action": "feed_back", "note": "已告知"]), ("LS-0003", ["action": "skip", "step": "verify", "reason": "无需现场核实"]),
                              ("LS-0006", ["action": "close"])] {
            let (code, _) = try await Self.send(server.port, "POST", "/t/lhasa/api/v1/cases/\(id)/actions", token: tokens[actor]!, json: body)
            #expect(code == 200, "\(body)")
        }
        var kinds: [String] = []
        for _ in 0..<100 where kinds.count < 7 {
            try await Task.sleep(for: .milliseconds(200))
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            kinds = text.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["kind"] as? String
            }
        }
        #expect(kinds == ["report", "accept", "dispatch", "handle", "feed_back", "skip", "close"])
    }

    @Test("grid offices enable and disable a tenant's plugins over HTTP, recorded with who; workers may not")
    func overHTTP() async throws {
        var settings = LiveServer.testSettings
        settings.deliveryInterval = nil
        let live = try await LiveServer(cities: ["lhasa"], settings: settings)
        defer { Task { await live.stop() } }
        let office = live.token("lhasa", "LS-0006")
        let listed = try await live.send("GET", "/t/lhasa/api/v1/plugins", token: office)
        #expect(listed.status == 200 && listed.text.contains("\"name\":\"event-log\""))
        #expect(try await live.send("POST", "/t/lhasa/api/v1/plugins/event-log/enable", token: live.token("lhasa", "LS-0003"), json: [:]).status == 403)
        let enabled = try await live.send("POST", "/t/lhasa/api/v1/plugins/event-log/enable", token: office, json: ["from_start": true])
        #expect(enabled.status == 200 && enabled.object["enabled"] as? Bool == true)
        #expect(try await live.send("POST", "/t/lhasa/api/v1/plugins/nosuch/enable", token: office, json: [:]).status == 404)
        let disabled = try await live.send("POST", "/t/lhasa/api/v1/plugins/event-log/disable", token: office, json: [:])
        #expect(disabled.status == 200 && disabled.object["enabled"] as? Bool == false)
        #expect(try await live.send("GET", "/t/lhasa/api/v1/plugins/dead-letters", token: office).status == 200)
        let tenant = try live.deployment.open("lhasa")
        defer { try? tenant.close() }
        #expect(try tenant.plugins().log().map { "\($0.action) \($0.by ?? "")" } == ["enable LS-0006", "disable LS-0006"])
    }
}
