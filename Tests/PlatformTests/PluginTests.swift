import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// Hook plugins: every archived case event goes to the tenant's outbox in the same
/// transaction; an enabled hook gets the events in order, each acknowledged one once, and
/// the ones it keeps refusing are set aside as dead letters to inspect and replay.
@Suite("Hook plugins")
struct PluginTests {
    /// The repository's `plugins/` folder.
    static let shipped = PluginLibrary(folder: ordinances.deletingLastPathComponent().appendingPathComponent("plugins"))

    /// A plugins folder with a hook that acknowledges nothing while `refuse` exists in its data folder.
    static func moody() throws -> PluginLibrary {
        let folder = scratch.appendingPathComponent("plugins-\(UUID())")
        let plugin = folder.appendingPathComponent("moody")
        try FileManager.default.createDirectory(at: plugin, withIntermediateDirectories: true)
        try """
            format: wangge/plugin/1
            name: moody
            kind: hook
            description: 测试用：数据目录里有 refuse 文件时一律不确认
            command: [python3, hook.py]
            events: [report, accept]
            fields: [case_id, kind]
            """.write(to: plugin.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)
        try """
            import json, os, sys
            data = os.environ["WANGGE_PLUGIN_DATA"]
            if os.path.exists(os.path.join(data, "refuse")):
                sys.stderr.write("the receiving system is down\\n"); sys.exit(3)
            with open(os.path.join(data, "got.jsonl"), "a") as out:
                for line in sys.stdin:
                    event = json.loads(line); out.write(line); print(event["seq"])
            """.write(to: plugin.appendingPathComponent("hook.py"), atomically: true, encoding: .utf8)
        return PluginLibrary(folder: folder)
    }

    func events(_ file: URL) throws -> [[String: Any]] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test("the event-log hook gets every event of a case from report to close, in order, each once, with only the fields it asks for")
    func eventLog() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let plugins = lhasa.plugins(Self.shipped)
        try plugins.enable("event-log", by: "法制科")
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        for (command, actor, at) in [(Command.accept(note: nil), "LS-0006", "10:30"), (.dispatch(lead: "public-security", participants: [], note: nil), "LS-0006", "11:00"),
                                     (.handle(unit: "public-security", result: "已处理"), "LS-0007", "16:00"), (.feedBack(note: "已告知"), "LS-0003", "16:30"),
                                     (.skip(step: "verify", reason: "无需现场核实"), "LS-0003", "16:40"), (.close(note: nil), "LS-0006", "17:00")] {
            _ = try await lhasa.cases.act(id, command, as: actor, at: time("2025-06-03 \(at)"))
        }
        // A refused action archives nothing, so nothing reaches the outbox.
        #expect(await refusal { _ = try await lhasa.cases.act(id, .close(note: nil), as: "LS-0006") }.count == 1)
        let first = await plugins.deliver()
        #expect(first.map(\.delivered) == [7] && first.allSatisfy { $0.error == nil })
        #expect(await plugins.deliver().map(\.delivered) == [0])  // acknowledged events are not sent again
        let log = try events(plugins.dataFolder("event-log").appendingPathComponent("events.jsonl"))
        #expect(log.map { $0["kind"] as? String } == ["report", "accept", "dispatch", "handle", "feed_back", "skip", "close"])
        #expect(log.map { $0["seq"] as? Int } == Array(1...7) && log.allSatisfy { $0["case_id"] as? String == id && $0["tenant"] as? String == "lhasa" })
        #expect(log.allSatisfy { $0["schema"] as? String == "wangge/event/1" && $0["note"] == nil })  // note is not among its fields
        let shown = try #require(try plugins.list().first { $0.name == "event-log" })
        #expect(shown.enabled && shown.delivered == 7 && shown.pending == 0)
    }

    @Test("a hook that keeps failing is retried with backoff, then the event is a dead letter; replayed once the hook is back")
    func deadLetters() async throws {
        let library = try Self.moody()
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let plugins = lhasa.plugins(library)
        try plugins.enable("moody", by: nil)
        let data = plugins.dataFolder("moody")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data().write(to: data.appendingPathComponent("refuse"))
        _ = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00"))
        var now = Date()
        let failed = await plugins.deliver(at: now)
        #expect(failed.first?.error?.contains("the receiving system is down") == true)
        #expect(await plugins.deliver(at: now).isEmpty)  // not due again before its backoff
        for _ in 2...PluginService.attempts {
            now = now.addingTimeInterval(400)
            _ = await plugins.deliver(at: now)
        }
        #expect(try plugins.deadLetters("moody").map(\.seq) == [1])
        #expect(try plugins.deadLetters("moody").first?.attempts == PluginService.attempts)
        try FileManager.default.removeItem(at: data.appendingPathComponent("refuse"))
        #expect(try await plugins.replay("moody") == 1)
        #expect(try plugins.deadLetters().isEmpty)
        #expect(try String(contentsOf: data.appendingPathComponent("got.jsonl"), encoding: .utf8).contains("report"))
    }

    @Test("manifests are checked like profiles: file:line:column, rule; a reporter's ID number cannot be asked for")
    func manifests() throws {
        let folder = scratch.appendingPathComponent("plugins-\(UUID())/leaky")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            format: wangge/plugin/1
            name: leaky
            kind: hook
            description: x
            command: [sh, hook.sh]
            fields: [case_id, reporter_id_number]
            colour: red
            """.write(to: folder.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)
        let loaded = PluginLibrary(folder: folder.deletingLastPathComponent()).load()
        #expect(loaded.first?.loaded.diagnostics.map(\.description) == [
            "plugins-\(folder.deletingLastPathComponent().lastPathComponent.dropFirst("plugins-".count))/leaky/plugin.yaml:6:19: error: fields[1]: 'reporter_id_number' is not an event field a plugin may receive (fields: \((PluginManifest.fieldNames + PluginManifest.personalFields).joined(separator: ", ")); the reporter's ID number is never sent) [invalid-value]",
            "plugins-\(folder.deletingLastPathComponent().lastPathComponent.dropFirst("plugins-".count))/leaky/plugin.yaml:7:1: error: the manifest: unknown key 'colour' (allowed here: format, name, kind, description, command, events, fields, delivery, settings, snapshots) [unknown-key]",
        ])
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        #expect(refusal { try lhasa.plugins(PluginLibrary(folder: folder.deletingLastPathComponent())).enable("leaky", by: nil) }.first?.contains("[invalid-value]") == true)
        #expect(refusal { try lhasa.plugins(Self.shipped).enable("nosuch", by: nil) }.first?.contains("[unknown-plugin]") == true)
    }
}
