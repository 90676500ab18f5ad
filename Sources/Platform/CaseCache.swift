import Foundation
import Kernel

/// Recently used cases, decoded and named (their views without the timeline), keyed by id.
/// A cached case is used only when its version equals the one in the database, so a change
/// made by another process is never missed; it saves decoding the case and looking up its
/// names on every command and every read. Only committed versions are stored.
final class CaseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var views: [String: CaseView] = [:]
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func view(_ id: String, version: Int) -> CaseView? {
        lock.lock()
        defer { lock.unlock() }
        guard let view = views[id], view.state.version == version else { return nil }
        return view
    }

    func store(_ view: CaseView) {
        var view = view
        view.history = nil
        lock.lock()
        defer { lock.unlock() }
        if views.count >= capacity, views[view.state.id] == nil { views.removeAll(keepingCapacity: true) }
        views[view.state.id] = view
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
