import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// The plugins that ship in `plugins/`, used as a city would: telling reporters what became
/// of their reports through a gateway, and exporting for a provincial data-sharing platform;
/// and a hook kept running that crashes and is started again.
@Suite("Shipped plugins and long-running hooks")
struct ShippedPluginTests {
    static let shipped = PluginTests.shipped

    /// A Lhasa case from report to close, its handling result 已清理杂物.
    func lifecycle(_ lhasa: Tenant) async throws -> String {
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        for (command, actor, at) in [(Command.accept(note: nil), "LS-0006", "10:30"), (.dispatch(lead: "public-security", participants: [], note: nil), "LS-0006", "11:00"),
                                     (.handle(unit: "public-security", result: "已清理杂物"), "LS-0007", "16:00"), (.feedBack(note: "已告知处理情况"), "LS-0003", "16:30"),
                                     (.skip(step: "verify", reason: "无需现场核实"), "LS-0003", "16:40"), (.close(note: nil), "LS-0006", "17:00")] {
            _ = try await lhasa.cases.act(id, command, as: actor, at: time("2025-06-03 \(at)"))
        }
        return id
    }

    func spooled(_ folder: URL) throws -> [[String: Any]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted() ?? []
        return try names.map { name in
            try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name))) as? [String: Any])
        }
    }

    @Test("notify-reporter sends the feedback and the result through the gateway, once each, reading the phone as its delegate (logged first)")
    func notifyReporter() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let plugins = lhasa.plugins(Self.shipped)
        // The phone is personal data: enabling without a delegate is refused, naming why.
        let refused = refusal { try plugins.enable("notify-reporter", by: "法制科", settings: ["gateway": "python3 spool-gateway.py"]) }
        #expect(refused.first?.contains("[plugin-delegate]") == true && refused.first?.contains("reporter_phone") == true)
        #expect(refusal { try plugins.enable("notify-reporter", by: nil, delegate: "LS-0006") }.first?.contains("needs the setting 'gateway'") == true)
        #expect(refusal { try plugins.enable("notify-reporter", by: nil, settings: ["gateway": "x", "colour": "red"], delegate: "LS-0006") }
            .contains { $0.contains("no setting 'colour'") })
        try plugins.enable("notify-reporter", by: "LS-0006", settings: ["gateway": "python3 spool-gateway.py", "signature": "拉萨市网格化服务管理中心"], delegate: "LS-0006")
        let id = try await lifecycle(lhasa)
        #expect(await plugins.deliver().map(\.error) == [nil])
        let messages = try spooled(plugins.dataFolder("notify-reporter").appendingPathComponent("spool"))
        #expect(messages.map { $0["kind"] as? String } == ["feed_back", "close"])
        #expect(messages.allSatisfy { $0["to"] as? String == "13900000000" && $0["case_id"] as? String == id })
        #expect((messages.first?["text"] as? String) == "【拉萨市网格化服务管理中心】您反映的问题（编号\(id)）有了办理反馈：已告知处理情况")
        #expect((messages.last?["text"] as? String)?.contains("已办结，办理结果：已清理杂物") == true)
        // Every phone number sent was written to the access log first, under the delegate.
        let log = try lhasa.access.accessLog(subject: id)
        #expect(log.contains { $0.staffId == "LS-0006" && $0.action == "plugin notify-reporter" && $0.fields.contains("reporter_phone") })
        // Delivered again from the start (at least once), nothing is sent twice.
        try plugins.disable("notify-reporter", by: nil)
        try plugins.enable("notify-reporter", by: nil, fromStart: true)
        _ = await plugins.deliver()
        #expect(try spooled(plugins.dataFolder("notify-reporter").appendingPathComponent("spool")).count == 2)
    }

    @Test("a delegate whose tier does not show the phone cannot be named (city2023's 网格工作团队, 第二十五条第二款)")
    func delegateTier() throws {
        let city = try city("city2023")
        defer { try? city.close() }
        let refused = refusal { try city.plugins(Self.shipped).enable("notify-reporter", by: nil, settings: ["gateway": "true"], delegate: "CS-0003") }
        #expect(refused.first?.contains("CS-0003's tier (team) does not show reporter_phone") == true, "\(refused)")
        #expect(refused.first?.contains("第二十五条第二款") == true)
    }

    @Test("export-exchange writes the day's cases, catalogue and org as JSON lines and CSV with a manifest, and resumes from its cursor without writing twice")
    func exportExchange() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let plugins = lhasa.plugins(Self.shipped)
        try plugins.enable("export-exchange", by: "LS-0006")
        let id = try await lifecycle(lhasa)
        #expect(await plugins.deliver().map(\.delivered) == [7])
        let out = plugins.dataFolder("export-exchange").appendingPathComponent("exchange")
        let eventDay = out.appendingPathComponent("2025-06-03")
        let cases = try String(contentsOf: eventDay.appendingPathComponent("cases.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(cases.count == 7 && cases.allSatisfy { $0.contains(id) })
        let csv = try String(contentsOf: eventDay.appendingPathComponent("cases.csv"), encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(csv.first == "seq,case_id,case_seq,kind,step,at,actor,article,late,status,item,result" && csv.count == 8)
        // The snapshots are the tenant's day (today), the catalogue in force and the org units.
        let days = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.first?.isNumber == true }
        let snapshotDay = try #require(days.first { FileManager.default.fileExists(atPath: out.appendingPathComponent("\($0)/catalogue.csv").path) })
        let catalogue = try String(contentsOf: out.appendingPathComponent("\(snapshotDay)/catalogue.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(catalogue.count == (try lhasa.catalogue.items().count) && catalogue.contains { $0.contains("\"code\": \"LS-06\"") })
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: eventDay.appendingPathComponent("manifest.json"))) as? [String: Any])
        #expect((manifest["files"] as? [String: [String: Any]])?["cases.csv"]?["rows"] as? Int == 7)
        // Delivered again from the first event: the cursor keeps the files as they were.
        try plugins.disable("export-exchange", by: nil)
        try plugins.enable("export-exchange", by: nil, fromStart: true)
        _ = await plugins.deliver()
        #expect(try String(contentsOf: eventDay.appendingPathComponent("cases.jsonl"), encoding: .utf8).split(separator: "\n").count == 7)
        // On demand: the snapshots written again and the hook run with nothing waiting.
        #expect(try await plugins.snapshot("export-exchange").error == nil)
        #expect(await refusal { _ = try await plugins.snapshot("notify-reporter") }.first?.contains("[no-snapshots]") == true)
    }

    /// A plugins folder with a hook kept running that acknowledges each event, and exits the
    /// first time it sees a `dispatch` (a crash), remembering that it did.
    static func flaky() throws -> PluginLibrary {
        let folder = scratch.appendingPathComponent("plugins-\(UUID())")
        let plugin = folder.appendingPathComponent("flaky")
        try FileManager.default.createDirectory(at: plugin, withIntermediateDirectories: true)
        try """
            format: wangge/plugin/1
            name: flaky
            kind: hook
            description: 测试用：常驻进程，第一次遇到分流事件时崩溃
            delivery: process
            command: [python3, hook.py]
            fields: [case_id, kind]
            """.write(to: plugin.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)
        try """
            import json, os, sys
            data = os.environ["WANGGE_PLUGIN_DATA"]
            crashed = os.path.join(data, "crashed")
            with open(os.path.join(data, "started"), "a") as f: f.write(str(os.getpid()) + "\\n")
            for line in sys.stdin:
                event = json.loads(line)
                if event["kind"] == "dispatch" and not os.path.exists(crashed):
                    open(crashed, "w").close(); os._exit(9)
                with open(os.path.join(data, "got.jsonl"), "a") as out: out.write(line)
                print(event["seq"], flush=True)
            """.write(to: plugin.appendingPathComponent("hook.py"), atomically: true, encoding: .utf8)
        return PluginLibrary(folder: folder)
    }

    @Test("a hook kept running gets batch after batch from one process; when it crashes the batch fails, it is started again after the backoff and nothing is lost or doubled")
    func longRunning() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let plugins = lhasa.plugins(try Self.flaky())
        try plugins.enable("flaky", by: nil)
        let data = plugins.dataFolder("flaky")
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        var now = Date()
        #expect(await plugins.deliver(at: now).map(\.delivered) == [1])
        _ = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 10:30"))
        #expect(await plugins.deliver(at: now).map(\.delivered) == [1])
        // Both batches went to the same process.
        #expect(try String(contentsOf: data.appendingPathComponent("started"), encoding: .utf8).split(separator: "\n").count == 1)
        _ = try await lhasa.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "LS-0006", at: time("2025-06-03 11:00"))
        let crashed = await plugins.deliver(at: now)
        #expect(crashed.first?.error?.contains("ended with status 9") == true, "\(crashed)")
        let listed = try #require(try plugins.list().first { $0.name == "flaky" })
        #expect(listed.failing && listed.pending == 1)
        #expect(await plugins.deliver(at: now).isEmpty)  // waits for its backoff
        now = now.addingTimeInterval(3)
        #expect(await plugins.deliver(at: now).map(\.delivered) == [1])
        #expect(try String(contentsOf: data.appendingPathComponent("started"), encoding: .utf8).split(separator: "\n").count == 2)
        let got = try String(contentsOf: data.appendingPathComponent("got.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(got.map { ($0.contains("\"kind\":\"report\""), $0.contains("\"kind\":\"accept\""), $0.contains("\"kind\":\"dispatch\"")) }.count == 3)
        #expect(try plugins.list().first { $0.name == "flaky" }?.failing == false)
        try plugins.disable("flaky", by: nil)
    }
}

/// The webhook against the receiver that documents how to verify it (plugins/webhook/receiver.py).
@Suite("Webhook")
struct WebhookTests {
    /// The example receiver, started on a free port; stopped when the test ends.
    final class Receiver {
        let process = Process()
        let port: Int
        let out: URL

        init(secret: String, failFirst: Int) throws {
            out = scratch.appendingPathComponent("webhook-\(UUID()).jsonl")
            let script = ordinances.deletingLastPathComponent().appendingPathComponent("plugins/webhook/receiver.py")
            let pipe = Pipe()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script.path, "--secret", secret, "--out", out.path, "--fail-first", String(failFirst)]
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            var text = ""
            while !text.contains("\n") {
                let data = pipe.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        var received: [String] {
            ((try? String(contentsOf: out, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    @Test("events are posted signed (HMAC-SHA256 over timestamp and body); a wrong secret is refused by the receiver, an unavailable one retried; each event arrives once")
    func signedDelivery() async throws {
        let receiver = try Receiver(secret: "门牌-秘钥-42", failFirst: 1)
        defer { kill(receiver.process.processIdentifier, SIGKILL) }
        #expect(receiver.port > 0)
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let plugins = lhasa.plugins(PluginTests.shipped)
        // Required settings, and an address that is not http(s), are refused before anything is sent.
        #expect(refusal { try plugins.enable("webhook", by: nil, settings: ["url": "http://127.0.0.1:\(receiver.port)/hook"]) }.contains { $0.contains("'secret'") })
        try plugins.enable("webhook", by: "LS-0006", settings: ["url": "http://127.0.0.1:\(receiver.port)/hook", "secret": "wrong"])
        // The secret never shows again.
        #expect(try plugins.list().first { $0.name == "webhook" }?.settings["secret"] == "(set)")
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        var now = Date()
        let refused = await plugins.deliver(at: now)
        #expect(refused.first?.error?.contains("answered 401") == true, "\(refused)")
        #expect(receiver.received.isEmpty)
        try plugins.enable("webhook", by: "LS-0006", settings: ["url": "http://127.0.0.1:\(receiver.port)/hook", "secret": "门牌-秘钥-42"])
        now = now.addingTimeInterval(10)
        #expect(await plugins.deliver(at: now).first?.error?.contains("answered 503") == true)  // busy once
        now = now.addingTimeInterval(10)
        _ = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 10:30"))
        #expect(await plugins.deliver(at: now).map(\.delivered) == [2])
        #expect(await plugins.deliver(at: now).map(\.delivered) == [0])
        let events = receiver.received.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(events.map { $0["kind"] as? String } == ["report", "accept"] && events.allSatisfy { $0["case_id"] as? String == id })
        #expect(events.allSatisfy { $0["reporter_phone"] == nil })
    }
}
