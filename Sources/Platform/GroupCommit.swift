import Foundation
import GRDB

/// Commits a tenant's concurrent writes together. Each write runs in its own savepoint
/// inside one transaction, so one refused write changes nothing and does not disturb the
/// others; the transaction is committed (durably: `synchronous=FULL`) before any caller
/// hears back. Under load many writes share one fsync instead of queueing for one each.
/// Used by the HTTP front end, whose requests wait without holding a thread.
final class GroupCommit: @unchecked Sendable {
    private let pool: DatabasePool
    private let lock = NSLock()
    private var jobs: [Job] = []
    private var draining = false
    private let queue = DispatchQueue(label: "wangge.group-commit")

    private struct Job {
        let work: (Database) throws -> Any
        let done: (Result<Any, any Error>) -> Void
    }

    /// A result carried across the commit thread.
    private struct Box: @unchecked Sendable { let value: Any }

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `work` in the next group's transaction and returns once that is committed.
    func write<T>(_ work: @escaping (Database) throws -> T) async throws -> T {
        let box: Box = try await withCheckedThrowingContinuation { continuation in
            enqueue(Job(work: { try work($0) }, done: { result in continuation.resume(with: result.map { Box(value: $0) }) }))
        }
        return box.value as! T
    }

    private func enqueue(_ job: Job) {
        lock.lock()
        jobs.append(job)
        let start = !draining
        draining = true
        lock.unlock()
        if start { queue.async { self.drain() } }
    }

    private func drain() {
        while true {
            lock.lock()
            let batch = jobs
            jobs = []
            if batch.isEmpty { draining = false }
            lock.unlock()
            if batch.isEmpty { return }
            var results: [Result<Any, any Error>] = []
            do {
                try pool.write { db in
                    results = []
                    for job in batch {
                        do {
                            var value: Any?
                            try db.inSavepoint {
                                value = try job.work(db)
                                return .commit
                            }
                            results.append(.success(value as Any))
                        } catch {
                            results.append(.failure(error))
                        }
                    }
                }
                for (job, result) in zip(batch, results) { job.done(result) }
            } catch {
                // The commit itself failed: nothing of the group was written.
                for job in batch { job.done(.failure(error)) }
            }
        }
    }
}
