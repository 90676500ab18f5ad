import Foundation
import Kernel
import Ordinance
import Store

/// Delivery of the outbox to each enabled hook: in outbox order (so in order per case), at
/// least once, each acknowledged event exactly once, with retries and backoff, and the events
/// a hook keeps refusing set aside as dead letters an admin can inspect and replay.
extension PluginService {
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
                // A new day's snapshots are news too: the hook runs for them with no events.
                let refreshed = try refreshSnapshots(manifest, at: now)
                deliveries.append(try await deliver(manifest, from: state, at: now, batch: batch, runEmpty: refreshed))
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

    /// One batch to one hook; with `runEmpty`, the hook runs even when no event waits.
    func deliver(_ manifest: PluginManifest, from state: PluginStore.State, at now: Date, batch: Int, runEmpty: Bool = false) async throws -> Delivery {
        let entries = try await tenant.database.pool.read { try PluginStore.entries(after: state.cursor, limit: batch, in: $0) }
        if entries.isEmpty && runEmpty {
            _ = try await send(manifest, [], state: state, at: now)
        }
        guard !entries.isEmpty else { return Delivery(plugin: manifest.name, delivered: 0, deadLettered: [], error: nil) }
        let wanted = entries.filter { manifest.events?.contains($0.event.kind) ?? true }
        var acked: Set<Int64> = []
        var failed: String?
        if !wanted.isEmpty || runEmpty {
            do {
                acked = try await send(manifest, wanted, state: state, at: now)
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
    public func replay(_ name: String, seqs: [Int64]? = nil, at now: Date = Date()) async throws -> Int {
        let manifest = try library.manifest(name)
        let state = try await tenant.database.pool.read { try PluginStore.state(name, in: $0) }
        let dead = try await tenant.database.pool.read { try PluginStore.deadLetters(name, in: $0) }.map(\.seq).filter { seqs?.contains($0) ?? true }
        let entries = try await tenant.database.pool.read { try PluginStore.entries(dead, in: $0) }
        guard !entries.isEmpty, let state else { return 0 }
        let acked = try await send(manifest, entries, state: state, at: now)
        try await tenant.database.pool.write { db in
            for seq in acked { try PluginStore.resurrect(name, seq: seq, in: db) }
        }
        return acked.count
    }

    /// Sends one batch as the hook receives it: its fields, personal data masked by its
    /// delegate's tier (each value shown logged first); returns the events it acknowledged.
    private func send(_ manifest: PluginManifest, _ entries: [PluginStore.Entry], state: PluginStore.State, at now: Date) async throws -> Set<Int64> {
        let personal = try await personalData(for: manifest, entries, delegate: state.delegate, at: now)
        let input = try lines(entries, fields: manifest.fields, personal: personal)
        let data = dataFolder(manifest.name)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let hook = HookTransport.Hook(tenant: tenant.key, manifest: manifest, settings: state.settings, dataFolder: data)
        return try await HookTransport.send(input, seqs: entries.map(\.seq), to: hook, timeout: Self.timeout)
    }

    /// The personal data each case's events carry for this hook, by case and field: the
    /// reporter's values where its delegate's tier shows them on a case the delegate sees,
    /// masked otherwise. What is shown is written to the access log before it is sent.
    private func personalData(for manifest: PluginManifest, _ entries: [PluginStore.Entry], delegate: String?,
                              at now: Date) async throws -> [String: [String: String]] {
        let asked = manifest.personalFields.compactMap(AccessRules.PersonalData.init(rawValue:))
        guard !asked.isEmpty else { return [:] }
        let access = try delegate.map { try tenant.access.scope(for: try tenant.access.caller(staff: $0, at: now), at: now) }
        let ids = Array(Set(entries.map(\.caseId))).sorted()
        let states = try await tenant.database.pool.read { db in try ids.compactMap { try CaseStore.load($0, in: db) } }
        var values: [String: [String: String]] = [:]
        var shown: [(String, String)] = []
        for state in states {
            let visible = access.map { $0.sees(state) ? $0.personalData : [] } ?? []
            let reporter = state.reporter.masked(keeping: visible)
            var fields: [String: String] = [:]
            for field in asked { fields[field.rawValue] = reporter.value(of: field) }
            values[state.id] = fields
            let revealed = asked.filter { visible.contains($0) && state.reporter.value(of: $0) != nil }
            if !revealed.isEmpty { shown.append((state.id, revealed.map(\.rawValue).joined(separator: ","))) }
        }
        if let delegate, !shown.isEmpty {
            let records = shown
            try await tenant.database.pool.write { db in
                for (subject, fields) in records {
                    try AccessLogStore.append(AccessLogRecord(at: now, staffId: delegate, tokenId: nil, action: "plugin \(manifest.name)",
                                                              subject: subject, fields: fields), in: db)
                }
            }
        }
        return values
    }

    /// The events as the hook receives them: one JSON object per line, with the fields its manifest asks for.
    func lines(_ entries: [PluginStore.Entry], fields: [String], personal: [String: [String: String]] = [:]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let times = ISO8601DateFormatter()
        return try entries.map { entry in
            let event = entry.event
            var object: [String: JSONValue] = ["schema": .string("wangge/event/1"), "tenant": .string(tenant.key), "seq": .number(Double(entry.seq))]
            var values: [String: JSONValue?] = [
                "case_id": .string(entry.caseId), "case_seq": .number(Double(entry.caseSeq)), "kind": .string(event.kind),
                "step": event.step.map(JSONValue.string), "at": .string(times.string(from: event.at)), "actor": .string(event.actor),
                "article": event.article.map(JSONValue.string), "late": event.late.map { .number(Double($0)) },
                "note": event.note.map(JSONValue.string),
                "status": (event.effects.status ?? event.effects.opened?.status).map { .string($0.rawValue) },
                "item": (event.effects.item ?? event.effects.opened?.item).map(JSONValue.string),
                // The handling results as they stand after the event (a handle event records one).
                "result": event.effects.results.map { results in .string(results.sorted { $0.key < $1.key }.map(\.value).joined(separator: "；")) },
            ]
            for (field, value) in personal[entry.caseId] ?? [:] { values[field] = .string(value) }
            for field in fields { object[field] = values[field].flatMap { $0 } ?? .null }
            return String(decoding: try encoder.encode(object), as: UTF8.self)
        }.joined(separator: "\n") + "\n"
    }
}
