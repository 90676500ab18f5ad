import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PropertyBased
import Testing
import Kernel
import Ordinance
import Platform
import TestSupport

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

    /// A plugins folder: the shipped packs and hooks, and `slow`, a hook that takes 20 ms per
    /// event, writes each event it gets to received.jsonl (fsync) before acknowledging it.
    static func slowHookFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-slow-plugins-\(UUID())")
        try FileManager.default.copyItem(at: plugins, to: folder)
        let hook = folder.appendingPathComponent("slow")
        try FileManager.default.createDirectory(at: hook, withIntermediateDirectories: true)
        try """
            format: wangge/plugin/1
            name: slow
            kind: hook
            description: 测试用：每个事件 20 毫秒，先落盘再确认
            command: [python3, hook.py]
            fields: [case_id, kind]
            """.write(to: hook.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)
        try """
            import os, sys, time
            with open(os.path.join(os.environ["WANGGE_PLUGIN_DATA"], "received.jsonl"), "a") as out:
                for line in sys.stdin:
                    if not line.strip(): continue
                    time.sleep(0.02)
                    out.write(line); out.flush(); os.fsync(out.fileno())
                    print(line.split('"seq":')[1].split(",")[0].split("}")[0], flush=True)
            """.write(to: hook.appendingPathComponent("hook.py"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test("at least once across kill -9 at random points: every event arrives, only the batch in flight at the kill may arrive twice, and none after its acknowledgement was recorded")
    func killPoints() async throws {
        let plugins = try Self.slowHookFolder()
        defer { try? FileManager.default.removeItem(at: plugins) }
        await propertyCheck(count: Mutation.count(3), input: Gen.int(in: 100...1_400)) { killAfter in
            do {
                try await Self.deliverAcrossKill(plugins: plugins, killAfterMilliseconds: killAfter)
            } catch {
                Issue.record("kill after \(killAfter) ms: \(error)")
            }
        }
    }

    static func deliverAcrossKill(plugins: URL, killAfterMilliseconds: Int) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-kill-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let deployment = try Deployment(folder: folder, plugins: plugins)
        let day = Day("2025-06-01")!
        _ = try deployment.onboard(key: "lhasa", profileFolder: ordinances.appendingPathComponent("lhasa"), on: day)
        let lhasa = try deployment.open("lhasa")
        _ = try lhasa.org.importUnits(csv: try LiveServer.sample("lhasa", "units.csv"), file: "units.csv", on: day)
        _ = try lhasa.staff.importStaff(csv: try LiveServer.sample("lhasa", "staff.csv"), file: "staff.csv", on: day)
        let reporter = Reporter(channel: .citizen, name: nil, phone: nil)
        for _ in 0..<40 {
            _ = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: reporter)
        }
        try lhasa.plugins().enable("slow", by: "test", fromStart: true)
        let received = lhasa.plugins().dataFolder("slow").appendingPathComponent("received.jsonl")
        try lhasa.close()
        func seqs() -> [Int] {
            ((try? String(contentsOf: received, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["seq"] as? Int
            }
        }
        let arguments = ["--plugins", plugins.path, "--deliver-every", "1"]
        var server = try ServerProcess(data: folder, port: 0, arguments: arguments)
        try await Task.sleep(for: .milliseconds(killAfterMilliseconds))
        server.kill()
        // A hook running at the kill finishes its batch on its own (its acknowledgements go
        // nowhere): wait until it has, so what it wrote counts as received before the restart.
        var beforeKill = seqs()
        for _ in 0..<50 {
            try await Task.sleep(for: .milliseconds(300))
            let now = seqs()
            if now == beforeKill { break }
            beforeKill = now
        }
        server = try ServerProcess(data: folder, port: 0, arguments: arguments)
        defer { server.stop() }
        for _ in 0..<150 where Set(seqs()).count < 40 { try await Task.sleep(for: .milliseconds(100)) }
        let all = seqs()
        #expect(Set(all) == Set(1...40), "every event arrives at least once")
        // Only events received before the kill can arrive twice, and each at most twice.
        let counts = Dictionary(all.map { ($0, 1) }, uniquingKeysWith: +)
        let twice = counts.filter { $0.value > 1 }.keys.sorted()
        #expect(counts.values.allSatisfy { $0 <= 2 })
        #expect(Set(twice).isSubset(of: Set(beforeKill)), "re-sent events are those whose acknowledgement the kill lost")
        // Each delivery is in order: the second starts where the recorded cursor stood.
        let second = Array(all.dropFirst(beforeKill.count))
        #expect(beforeKill == beforeKill.sorted() && second == second.sorted())
        #expect(second.first.map { $0 <= (beforeKill.last ?? 0) + 1 } ?? true)
        // Once all are acknowledged, nothing is sent again.
        try await Task.sleep(for: .milliseconds(1_500))
        #expect(seqs().count == all.count)
    }

    /// Adds to `folder` a hook `broken` that always fails, and `sleepy`, whose batches take
    /// four seconds (marking when one starts and ends in its data folder).
    static func addTroubledHooks(to folder: URL) throws {
        for (name, script) in [
            ("broken", "import sys\nsys.stderr.write('the receiving system is down\\n')\nsys.exit(3)\n"),
            ("sleepy", "import os, sys, time\ndata = os.environ['WANGGE_PLUGIN_DATA']\nlines = [l for l in sys.stdin if l.strip()]\n"
                + "open(os.path.join(data, 'started'), 'w').close()\ntime.sleep(4)\n"
                + "[print(l.split('\"seq\":')[1].split(',')[0].split('}')[0], flush=True) for l in lines]\n"
                + "open(os.path.join(data, 'done'), 'w').close()\n"),
        ] {
            let hook = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: hook, withIntermediateDirectories: true)
            try """
                format: wangge/plugin/1
                name: \(name)
                kind: hook
                description: 测试用
                command: [python3, hook.py]
                fields: [case_id, kind]
                """.write(to: hook.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)
            try script.write(to: hook.appendingPathComponent("hook.py"), atomically: true, encoding: .utf8)
        }
    }

    @Test("a hook that hangs or keeps failing never holds up case handling; the failing one is listed in /healthz and /metrics")
    func troubledHooks() async throws {
        let plugins = try Self.slowHookFolder()
        defer { try? FileManager.default.removeItem(at: plugins) }
        try Self.addTroubledHooks(to: plugins)
        var settings = LiveServer.testSettings
        settings.deliveryInterval = .milliseconds(200)
        let live = try await LiveServer(cities: ["lhasa"], settings: settings, plugins: plugins)
        defer { Task { await live.stop() } }
        let office = live.token("lhasa", "LS-0006"), worker = live.token("lhasa", "LS-0003")
        for name in ["broken", "sleepy"] {
            #expect(try await live.send("POST", "/t/lhasa/api/v1/plugins/\(name)/enable", token: office, json: [:]).status == 200)
        }
        let first = try await live.send("POST", "/t/lhasa/api/v1/cases", token: worker, json: ["item": "LS-06", "grid": "540102002001001"])
        #expect(first.status == 201)
        let data = try live.deployment.open("lhasa").plugins().dataFolder("sleepy")
        for _ in 0..<50 where !FileManager.default.fileExists(atPath: data.appendingPathComponent("started").path) {
            try await Task.sleep(for: .milliseconds(100))
        }
        // While the sleepy hook holds its batch, cases are reported and acted on as ever.
        for _ in 0..<10 {
            #expect(try await live.send("POST", "/t/lhasa/api/v1/cases", token: worker, json: ["item": "LS-06", "grid": "540102002001001"]).status == 201)
        }
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("started").path))
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("done").path), "the reports were answered while the hook still ran")
        // The broken hook is listed as failing, with its error, without degrading the service.
        var failing: [[String: Any]] = []
        for _ in 0..<50 where failing.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            failing = try await live.send("GET", "/healthz").object["plugins_failing"] as? [[String: Any]] ?? []
        }
        #expect(failing.first?["plugin"] as? String == "broken" && failing.first?["tenant"] as? String == "lhasa")
        #expect((failing.first?["error"] as? String)?.contains("the receiving system is down") == true)
        #expect(try await live.send("GET", "/healthz").status == 200)
        let metrics = try await live.send("GET", "/metrics").text
        #expect(metrics.contains(#"wangge_plugin_failures{plugin="broken",tenant="lhasa"} 1"#) || metrics.contains(#"wangge_plugin_failures{tenant="lhasa",plugin="broken"} 1"#), "\(metrics.split(separator: "\n").filter { $0.contains("plugin") })")
        #expect(metrics.contains("wangge_plugin_pending_events"))
    }
}
