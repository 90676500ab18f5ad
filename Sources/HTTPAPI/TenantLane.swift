import Foundation
import NIOPosix
import Synchronization

/// A tenant's own threads: every request of the tenant runs its handler here, so its
/// blocking SQLite work (a read, a write waiting on the file lock, a long verification)
/// never holds a thread of Swift's cooperative pool, which every tenant shares. The lane
/// also bounds how many of the tenant's requests may be under way at once; past that a
/// request is refused at once (503 with `Retry-After`) instead of queueing without end.
///
/// Isolation, not speed: on a machine with few cores the cooperative pool has few threads,
/// and one tenant's requests waiting on SQLite's busy timeout used to stall every other
/// tenant's requests behind them.
final class TenantLane: TaskExecutor, Sendable {
    let tenant: String
    /// How many of the tenant's requests may be admitted at once (running or waiting).
    let capacity: Int
    /// The scheduling niceness of the lane's threads (0 as the rest of the process; higher
    /// yields the processor to others).
    let nice: Int32
    private let threads: NIOThreadPool
    private let admitted = Atomic<Int>(0)

    init(tenant: String, threads count: Int, capacity: Int, nice: Int32 = 0) {
        self.tenant = tenant
        self.capacity = capacity
        self.nice = nice
        threads = NIOThreadPool(numberOfThreads: max(1, count))
        threads.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let nice = self.nice
        threads.submit { _ in
            if nice != 0 { Self.lowerPriority(to: nice) }
            // A job must run even while the pool shuts down, or its task would never finish.
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }

    /// Sets this thread's niceness once (Linux keeps a niceness per thread).
    private static func lowerPriority(to nice: Int32) {
        let key = "wangge.lane.nice"
        guard Thread.current.threadDictionary[key] == nil else { return }
        Thread.current.threadDictionary[key] = nice
        #if os(Linux)
        // On Linux, PRIO_PROCESS with 0 is the calling thread only.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
        #endif
    }

    /// Runs `body` on the lane's threads if the lane has room; nil when it is full.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T? {
        let before = admitted.add(1, ordering: .relaxed).oldValue
        defer { admitted.subtract(1, ordering: .relaxed) }
        guard before < capacity else { return nil }
        return try await withTaskExecutorPreference(self) { try await body() }
    }

    /// Stops the threads once the jobs queued have run.
    func shutdown() {
        threads.shutdownGracefully { _ in }
    }
}
