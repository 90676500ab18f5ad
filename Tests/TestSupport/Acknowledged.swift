import Synchronization

/// What concurrent writers were told was done (case ids acknowledged), in order, for tests
/// that then look for every one of them after a backup or a crash.
public final class Acknowledged: Sendable {
    private let list = Mutex<[String]>([])

    public init() {}

    public func add(_ id: String) { list.withLock { $0.append(id) } }

    public var ids: [String] { list.withLock { $0 } }
}
