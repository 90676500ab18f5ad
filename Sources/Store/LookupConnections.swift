import Foundation
import GRDB
import Synchronization

/// Read-only connections for short lookups on hot paths (a case shown over HTTP).
///
/// A `DatabasePool` read checks a reader out of the pool (a barrier queue, a semaphore, a
/// lock) and, for `read`, wraps the work in a transaction; profiles of the HTTP server
/// showed that machinery costing more than the lookup itself. Each connection here is a
/// read-only `DatabaseQueue` used without a transaction: every statement sees the latest
/// committed state of the file, whoever wrote it (this process or the CLI), so nothing is
/// served stale. Work that needs several statements to agree belongs in a pool read.
///
/// Connections open on first use (one per core at most), so a CLI command that never looks
/// anything up this way opens none.
public final class LookupConnections: Sendable {
    private let path: String
    private let configuration: Configuration
    private let connections = Mutex<(open: [DatabaseQueue], closed: Bool)>(([], false))
    private let next = Atomic<Int>(0)
    private let limit: Int

    init(path: String, configuration: Configuration, limit: Int = ProcessInfo.processInfo.activeProcessorCount) {
        var configuration = configuration
        configuration.readonly = true
        self.path = path
        self.configuration = configuration
        self.limit = max(1, limit)
    }

    /// Runs `body` on one of the connections, outside any transaction.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try connection().inDatabase(body)
    }

    /// The connections in turn, opening one while fewer than `limit` are open.
    private func connection() throws -> DatabaseQueue {
        let turn = next.add(1, ordering: .relaxed).oldValue
        return try connections.withLock { state in
            guard !state.closed else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database of \(path) is closed") }
            if state.open.count < limit {
                state.open.append(try DatabaseQueue(path: path, configuration: configuration))
                return state.open[state.open.count - 1]
            }
            return state.open[turn % state.open.count]
        }
    }

    /// Closes the connections; later lookups fail, as pool reads do after the pool is closed.
    func close() throws {
        let open = connections.withLock { state in
            state.closed = true
            return state.open
        }
        for queue in open { try queue.close() }
    }
}
