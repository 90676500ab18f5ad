import Foundation
import Synchronization

/// Runs an async platform call from a synchronous command and waits for it. Commands are
/// synchronous (one operation, then exit); the platform's writes are async because the
/// server commits concurrent writes together. This is the one bridge between the two.
func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Outcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do {
            let value = try await work()
            outcome.result.withLock { $0 = .success(value) }
        } catch {
            outcome.result.withLock { $0 = .failure(error) }
        }
        done.signal()
    }
    done.wait()
    guard let result = outcome.result.withLock({ $0 }) else { throw CancellationError() }  // set before `done` is signalled
    return try result.get()
}

private final class Outcome<T: Sendable>: Sendable {
    let result = Mutex<Result<T, any Error>?>(nil)
}
