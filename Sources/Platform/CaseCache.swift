import Foundation
import Kernel

/// Recently used cases, decoded, keyed by id. A cached case is used only when its version
/// equals the one in the database, so a change made by another process is never missed;
/// it saves decoding the case on every command.
final class CaseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var states: [String: CaseState] = [:]
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func state(_ id: String, version: Int) -> CaseState? {
        lock.lock()
        defer { lock.unlock() }
        guard let state = states[id], state.version == version else { return nil }
        return state
    }

    func store(_ state: CaseState) {
        lock.lock()
        defer { lock.unlock() }
        if states.count >= capacity, states[state.id] == nil { states.removeAll(keepingCapacity: true) }
        states[state.id] = state
    }
}

/// Values kept by key, at most 10,000 (then emptied): things that never change under their
/// key (item revisions, encoded case versions), and short-lived entries that carry their
/// own time (checked tokens, callers' scopes).
public final class KeyedCache<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]

    public init() {}

    public func value(_ key: String) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return values[key]
    }

    public func store(_ key: String, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        if values.count >= 10_000, values[key] == nil { values.removeAll(keepingCapacity: true) }
        values[key] = value
    }
}
