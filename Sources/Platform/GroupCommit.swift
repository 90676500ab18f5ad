import Foundation
import GRDB
import Synchronization

/// Commits a tenant's concurrent writes together. Each write runs in its own savepoint
/// inside one transaction, so one refused write changes nothing and does not disturb the
/// others; the transaction is committed (durably: `synchronous=FULL`) before any caller
/// hears back. Under load many writes share one fsync instead of queueing for one each.
/// Writes are `@Sendable` and their results `Sendable`, as in GRDB's own async `write`.
///
/// The first writer to arrive while no group is being committed leads: it commits the
/// group its own write is in on its own thread (a tenant lane's in the server, the
/// command's in the CLI). Writers arriving meanwhile wait without holding a thread; if any
/// are queued when the leader's group is committed, the commit queue's thread takes them
/// on, group after group. An uncontended write thus costs no thread hop, and under load no
/// caller commits other callers' groups after its own (which doubled the p99 of reports).
final class GroupCommit: Sendable {
    private let pool: DatabasePool
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "wangge.group-commit")

    private struct State {
        var jobs: [Job] = []
        var draining = false
    }

    /// One caller's write: `run` does it inside the group's transaction and keeps its
    /// result; `finish` hands the result over once the group is committed, or the error.
    private struct Job: Sendable {
        let run: @Sendable (Database) throws -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    /// Where a write's result waits between its savepoint and the group's commit.
    private final class Outcome<T: Sendable>: Sendable {
        let value = Mutex<T?>(nil)
    }

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `work` in the next group's transaction and returns once that is committed.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = Outcome<T>()
            enqueue(Job(run: { db in
                let value = try work(db)
                outcome.value.withLock { $0 = value }
            }, finish: { error in
                if let error { return continuation.resume(throwing: error) }
                // `finish(nil)` follows a `run` that returned, so the value is there.
                guard let value = outcome.value.withLock({ $0.take() }) else {
                    return continuation.resume(throwing: CancellationError())
                }
                continuation.resume(returning: value)
            }))
        }
    }

    /// Queues a job; when no group is being committed, this caller leads and commits now.
    private func enqueue(_ job: Job) {
        let leads = state.withLock { state in
            state.jobs.append(job)
            defer { state.draining = true }
            return !state.draining
        }
        if leads { drain(groups: 1) }
    }

    /// Commits up to `groups` groups here, then hands what is still queued to the commit
    /// queue's thread.
    private func drain(groups: Int = .max) {
        var committed = 0
        while true {
            if committed == groups {
                let more = state.withLock { state in
                    if state.jobs.isEmpty { state.draining = false }
                    return !state.jobs.isEmpty
                }
                if more { queue.async { self.drain() } }
                return
            }
            committed += 1
            let batch = state.withLock { state in
                let batch = state.jobs
                state.jobs = []
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            var failures: [(any Error)?] = []
            do {
                try pool.write { db in
                    failures = []
                    for job in batch {
                        do {
                            try db.inSavepoint {
                                try job.run(db)
                                return .commit
                            }
                            failures.append(nil)
                        } catch {
                            failures.append(error)
                        }
                    }
                }
                for (job, failure) in zip(batch, failures) { job.finish(failure) }
            } catch {
                // The commit itself failed: nothing of the group was written.
                for job in batch { job.finish(error) }
            }
        }
    }
}
