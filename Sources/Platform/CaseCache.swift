import Kernel

/// Recently used cases, decoded and named (their views without the timeline), keyed by id.
/// A cached case is used only when its version equals the one in the database, so a change
/// made by another process is never missed; it saves decoding the case and looking up its
/// names on every command and every read. Only committed versions are stored.
final class CaseCache: Sendable {
    private let views: LRUCache<String, CaseView>

    init(capacity: Int = 10_000) {
        views = LRUCache(capacity: capacity)
    }

    func view(_ id: String, version: Int) -> CaseView? {
        guard let view = views.value(id), view.state.version == version else { return nil }
        return view
    }

    func store(_ view: CaseView) {
        var view = view
        view.history = nil
        views.store(view.state.id, view)
    }
}
