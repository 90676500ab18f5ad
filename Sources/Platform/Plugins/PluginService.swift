import Foundation
import Kernel
import Ordinance
import Store
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// A tenant's plugins: which are enabled (recorded in the plugin log, with who), and the
/// delivery of the outbox to each enabled hook — in outbox order (so in order per case),
/// at least once, each acknowledged event exactly once, with retries and backoff, and the
/// events a hook keeps refusing set aside as dead letters an admin can inspect and replay.
public struct PluginService: Sendable {
    let tenant: Tenant
    public let library: PluginLibrary

    /// Attempts on one event before it becomes a dead letter.
    public static let attempts = 5
    /// How long one batch may take.
    public static let timeout: Duration = .seconds(30)

    /// A plugin as a tenant admin sees it.
    public struct PluginView: Sendable, Encodable {
        public var name: String
        public var kind: String
        public var description: String
        public var enabled: Bool
        /// Events in the outbox it has not had yet.
        public var pending: Int64
        public var delivered: Int
        public var failures: Int
        public var lastError: String?
        public var nextAttempt: Date?
        public var deadLetters: Int
    }

    public func list() throws -> [PluginView] {
        let manifests = library.load()
        return try tenant.database.pool.read { db in
            let states = Dictionary(try PluginStore.states(in: db).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let last = try PluginStore.lastSeq(in: db)
            let dead = Dictionary(grouping: try PluginStore.deadLetters(nil, in: db), by: \.plugin)
            return manifests.map { folder, loaded in
                let state = states[folder]
                return PluginView(name: folder, kind: loaded.manifest?.kind.rawValue ?? "?", description: loaded.manifest?.description ?? loaded.diagnostics.first?.description ?? "",
                                  enabled: state?.enabled ?? false, pending: state.map { last - $0.cursor } ?? 0, delivered: state?.delivered ?? 0,
                                  failures: state?.failures ?? 0, lastError: state?.lastError, nextAttempt: state?.nextAttempt,
                                  deadLetters: dead[folder]?.count ?? 0)
            }
        }
    }

    /// Enables `name` for this tenant: it receives the events archived from now on, or every
    /// event the outbox holds with `fromStart`. Re-enabling goes on from where it stopped.
    public func enable(_ name: String, by: String?, fromStart: Bool = false, at now: Date = Date()) throws {
        let manifest = try library.manifest(name)
        guard manifest.kind == .hook else {
            throw PlatformError(.conflict, "not-a-hook",
                                "'\(name)' is a \(manifest.kind.rawValue) pack: it serves every tenant whose profile names it, and there is nothing to enable", place: "NAME")
        }
        try tenant.database.pool.write { db in
            let known = try PluginStore.state(name, in: db) != nil
            let cursor: Int64? = fromStart ? 0 : known ? nil : try PluginStore.lastSeq(in: db)
            try PluginStore.setEnabled(name, true, cursor: cursor, by: by, note: fromStart ? "from the first event" : nil, at: timestamp(now), in: db)
        }
    }

    /// One change in the plugin log.
    public struct LogEntry: Sendable, Encodable, Equatable {
        public var plugin: String
        public var action: String
        public var at: String
        public var by: String?
        public var note: String?
    }

    /// Every enabling and disabling, oldest first.
    public func log() throws -> [LogEntry] {
        try tenant.database.pool.read { try PluginStore.log(in: $0) }.map { LogEntry(plugin: $0.name, action: $0.action, at: $0.at, by: $0.by, note: $0.note) }
    }

    public func disable(_ name: String, by: String?, at now: Date = Date()) throws {
        try tenant.database.pool.write { db in
            guard try PluginStore.state(name, in: db)?.enabled == true else {
                throw PlatformError(.conflict, "plugin-not-enabled", "plugin '\(name)' is not enabled for \(tenant.key)")
            }
            try PluginStore.setEnabled(name, false, cursor: nil, by: by, note: nil, at: timestamp(now), in: db)
        }
    }

    /// What one delivery pass did for one plugin.
    public struct Delivery: Sendable, Encodable {
        public var plugin: String
        public var delivered: Int
        public var deadLettered: [Int64]
        public var error: String?
    }

    /// One delivery pass: each enabled hook that is due gets the next batch of events.
    public func deliver(at now: Date = Date(), batch: Int = 100) async -> [Delivery] {
        guard let states = try? await tenant.database.pool.read({ try PluginStore.states(in: $0) }) else { return [] }
        var deliveries: [Delivery] = []
        for state in states where state.enabled && (state.nextAttempt.map { $0 <= now } ?? true) {
            do {
                let manifest = try library.manifest(state.name)
                deliveries.append(try await deliver(manifest, from: state, at: now, batch: batch))
            } catch {
                let message = "\(error)"
                try? await tenant.database.pool.write { try PluginStore.fail(state.name, error: message, retryAt: now.addingTimeInterval(Self.backoff(state.failures)), in: $0) }
                deliveries.append(Delivery(plugin: state.name, delivered: 0, deadLettered: [], error: message))
            }
        }
        return deliveries
    }

    /// Seconds to wait after the `failures`-th failure: 2, 4, 8 … up to five minutes.
    static func backoff(_ failures: Int) -> Double { min(300, pow(2, Double(min(failures, 9) + 1))) }

    private func deliver(_ manifest: PluginManifest, from state: PluginStore.State, at now: Date, batch: Int) async throws -> Delivery {
        let entries = try await tenant.database.pool.read { try PluginStore.entries(after: state.cursor, limit: batch, in: $0) }
        guard !entries.isEmpty else { return Delivery(plugin: manifest.name, delivered: 0, deadLettered: [], error: nil) }
        let wanted = entries.filter { manifest.events?.contains($0.event.kind) ?? true }
        var acked: Set<Int64> = []
        var failed: String?
        if !wanted.isEmpty {
            do {
                acked = try await run(manifest, wanted)
            } catch {
                failed = "\(error)"
            }
        }
        let failure = failed
        // The cursor moves over every event up to the first one not acknowledged.
        var moved = state.cursor
        var count = 0
        var unacknowledged: PluginStore.Entry?
        for entry in entries {
            let selected = manifest.events?.contains(entry.event.kind) ?? true
            if selected && !acked.contains(entry.seq) {
                unacknowledged = entry
                break
            }
            if selected { count += 1 }
            moved = entry.seq
        }
        let (cursor, delivered, stuck, time) = (moved, count, unacknowledged, timestamp(now))
        return try await tenant.database.pool.write { db in
            // Progress clears the failures; a batch that moved nothing keeps counting them.
            if cursor > state.cursor || stuck == nil { try PluginStore.advance(manifest.name, to: cursor, delivered: delivered, in: db) }
            guard let stuck else { return Delivery(plugin: manifest.name, delivered: delivered, deadLettered: [], error: nil) }
            let error = failure ?? "event \(stuck.seq) was not acknowledged"
            if state.failures + 1 >= Self.attempts, cursor == state.cursor {
                try PluginStore.bury(manifest.name, seq: stuck.seq, error: error, attempts: state.failures + 1, at: time, in: db)
                return Delivery(plugin: manifest.name, delivered: delivered, deadLettered: [stuck.seq], error: error)
            }
            try PluginStore.fail(manifest.name, error: error, retryAt: now.addingTimeInterval(Self.backoff(cursor == state.cursor ? state.failures : 0)), in: db)
            return Delivery(plugin: manifest.name, delivered: delivered, deadLettered: [], error: error)
        }
    }

    /// Delivers dead letters again (all of `name`'s, or those given); returns how many were acknowledged.
    public func replay(_ name: String, seqs: [Int64]? = nil) async throws -> Int {
        let manifest = try library.manifest(name)
        let dead = try await tenant.database.pool.read { try PluginStore.deadLetters(name, in: $0) }.map(\.seq).filter { seqs?.contains($0) ?? true }
        let entries = try await tenant.database.pool.read { try PluginStore.entries(dead, in: $0) }
        guard !entries.isEmpty else { return 0 }
        let acked = try await run(manifest, entries)
        try await tenant.database.pool.write { db in
            for seq in acked { try PluginStore.resurrect(name, seq: seq, in: db) }
        }
        return acked.count
    }

    public func deadLetters(_ name: String? = nil) throws -> [PluginStore.DeadLetter] {
        try tenant.database.pool.read { try PluginStore.deadLetters(name, in: $0) }
    }

    /// The events as the hook receives them: one JSON object per line, with the fields its manifest asks for.
    func lines(_ entries: [PluginStore.Entry], fields: [String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let times = ISO8601DateFormatter()
        return try entries.map { entry in
            let event = entry.event
            var object: [String: JSONValue] = ["schema": .string("wangge/event/1"), "tenant": .string(tenant.key), "seq": .number(Double(entry.seq))]
            let values: [String: JSONValue?] = [
                "case_id": .string(entry.caseId), "case_seq": .number(Double(entry.caseSeq)), "kind": .string(event.kind),
                "step": event.step.map(JSONValue.string), "at": .string(times.string(from: event.at)), "actor": .string(event.actor),
                "article": event.article.map(JSONValue.string), "late": event.late.map { .number(Double($0)) },
                "note": event.note.map(JSONValue.string),
                "status": (event.effects.status ?? event.effects.opened?.status).map { .string($0.rawValue) },
                "item": (event.effects.item ?? event.effects.opened?.item).map(JSONValue.string),
            ]
            for field in fields { object[field] = values[field].flatMap { $0 } ?? .null }
            return String(decoding: try encoder.encode(object), as: UTF8.self)
        }.joined(separator: "\n") + "\n"
    }

    /// Runs the hook's command on one batch; returns the sequence numbers it acknowledged.
    private func run(_ manifest: PluginManifest, _ entries: [PluginStore.Entry]) async throws -> Set<Int64> {
        let input = try lines(entries, fields: manifest.fields)
        let data = dataFolder(manifest.name)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let environment: [Environment.Key: String?] = ["WANGGE_TENANT": tenant.key, "WANGGE_PLUGIN": manifest.name, "WANGGE_PLUGIN_DATA": data.path]
        guard let program = manifest.command.first else { throw PlatformError("plugin-command", "plugin '\(manifest.name)' names no command") }
        let executable: Executable = program.contains("/") ? .path(FilePath(URL(fileURLWithPath: program, relativeTo: URL(fileURLWithPath: manifest.folder + "/")).path)) : .name(program)
        // The batch is handed over as a file on standard input, not written down a pipe: a hook
        // that exits without reading it must not make the writing side fail (swift-subprocess
        // 1.0.2 traps when a pipe writer is left open after such a failure).
        let batch = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-batch-\(UUID().uuidString).jsonl")
        try Data(input.utf8).write(to: batch)
        defer { try? FileManager.default.removeItem(at: batch) }
        let descriptor = try FileDescriptor.open(FilePath(batch.path), .readOnly)
        let outcome = try await withThrowingTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                let result = try await Subprocess.run(executable, arguments: Arguments(Array(manifest.command.dropFirst())),
                                                      environment: .inherit.updating(environment), workingDirectory: FilePath(manifest.folder),
                                                      input: .fileDescriptor(descriptor, closeAfterSpawningProcess: true),
                                                      output: .string(limit: 1 << 20), error: .string(limit: 1 << 16))
                var exited = false
                if case .exited(0) = result.terminationStatus { exited = true }
                return Outcome(succeeded: exited, status: "\(result.terminationStatus)", output: result.standardOutput, error: result.standardError)
            }
            group.addTask {
                try await Task.sleep(for: Self.timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else { throw PlatformError("plugin-timeout", "plugin '\(manifest.name)' took longer than \(Self.timeout) for \(entries.count) events") }
            return first
        }
        let acked = Set(outcome.output.split(whereSeparator: \.isNewline).compactMap { line -> Int64? in
            let text = line.trimmingCharacters(in: .whitespaces)
            if let number = Int64(text) { return number }
            guard let object = try? JSONDecoder().decode([String: Int64].self, from: Data(text.utf8)) else { return nil }
            return object["ack"]
        })
        guard outcome.succeeded else {
            let detail = outcome.error.split(whereSeparator: \.isNewline).suffix(3).joined(separator: " / ")
            throw PlatformError("plugin-failed", "plugin '\(manifest.name)' ended with \(outcome.status)" + (detail.isEmpty ? "" : ": \(detail)")
                                    + " after acknowledging \(acked.count) of \(entries.count) events")
        }
        return acked
    }

    /// What a run of a hook's command left: whether it exited 0, and what it wrote.
    private struct Outcome: Sendable {
        var succeeded: Bool
        var status: String
        var output: String
        var error: String
    }

    /// Where a plugin may keep its files for this tenant: `<deployment>/plugin-data/<tenant>/<plugin>`.
    public func dataFolder(_ name: String) -> URL {
        URL(fileURLWithPath: tenant.database.path).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("plugin-data").appendingPathComponent(tenant.key).appendingPathComponent(name)
    }
}

extension Tenant {
    /// The tenant's plugins, from the deployment's plugin library.
    public func plugins() -> PluginService { PluginService(tenant: self, library: library) }

    /// The tenant's plugins from another library (a test's, a scratch folder's).
    public func plugins(_ library: PluginLibrary) -> PluginService { PluginService(tenant: self, library: library) }
}
