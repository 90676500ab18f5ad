import Foundation
import Synchronization

/// Hooks kept running (`delivery: process`): one process per tenant and plugin, started on
/// the first batch and kept while it answers. Each batch goes down its standard input as JSON
/// lines; it answers each event with one line, the event's `seq` (or `{"ack": seq}`) once it
/// has handled it, or `{"nack": seq, "error": "…"}`. A process that dies, or takes longer than
/// the timeout, is stopped and its batch fails; the next attempt, after the delivery's
/// backoff, starts it again.
///
/// Foundation's `Process` rather than swift-subprocess here: a long-running child holds its
/// input pipe open, and swift-subprocess 1.0.2 traps when such a child dies with the pipe open;
/// a crashing plugin must never stop the server.
final class HookProcesses: Sendable {
    static let shared = HookProcesses()
    private let running = Mutex<[String: RunningHook]>([:])

    private init() {
        // A hook that dies makes writes to its input fail with EPIPE, not kill the server.
        signal(SIGPIPE, SIG_IGN)
    }

    func exchange(_ input: String, seqs: [Int64], hook: HookTransport.Hook, timeout: Duration) async throws -> Set<Int64> {
        let key = hook.dataFolder.path
        let process = try running.withLock { running -> RunningHook in
            if let process = running[key], process.isRunning { return process }
            let process = try RunningHook(hook)
            running[key] = process
            return process
        }
        do {
            return try await process.exchange(input, seqs: seqs, timeout: timeout)
        } catch {
            running.withLock { $0[key] = nil }
            process.stop()
            throw error
        }
    }

    /// Stops the process of a tenant's plugin, if one runs (the plugin was disabled).
    func stop(tenant: String, plugin: String) {
        let stopped = running.withLock { running -> [RunningHook] in
            let keys = running.keys.filter { $0.hasSuffix("/\(tenant)/\(plugin)") }
            defer { for key in keys { running[key] = nil } }
            return keys.compactMap { running[$0] }
        }
        for process in stopped { process.stop() }
    }
}

/// One running hook process and what it has written back.
private final class RunningHook: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let name: String
    private let lock = NSLock()
    private var buffer = Data()
    private var errorTail = Data()

    init(_ hook: HookTransport.Hook) throws {
        let manifest = hook.manifest
        name = manifest.name
        guard let program = manifest.command.first else { throw PlatformError("plugin-command", "plugin '\(manifest.name)' names no command") }
        let folder = URL(fileURLWithPath: manifest.folder, isDirectory: true)
        if program.contains("/") {
            process.executableURL = URL(fileURLWithPath: program, relativeTo: folder)
            process.arguments = Array(manifest.command.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = manifest.command
        }
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(hook.environment) { _, new in new }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { self?.received(data) }
        }
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { self?.receivedError(data) }
        }
        do {
            try process.run()
        } catch {
            throw PlatformError("plugin-failed", "plugin '\(name)' could not be started: \(error.localizedDescription)")
        }
    }

    var isRunning: Bool { process.isRunning }

    private func received(_ data: Data) {
        lock.withLock { buffer.append(data) }
    }

    private func receivedError(_ data: Data) {
        lock.withLock {
            errorTail.append(data)
            if errorTail.count > 4096 { errorTail = errorTail.suffix(4096) }
        }
    }

    /// Writes the batch and waits for an answer to each of `seqs`.
    func exchange(_ text: String, seqs: [Int64], timeout: Duration) async throws -> Set<Int64> {
        let handle = input.fileHandleForWriting
        let data = Data(text.utf8)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            // A pipe write may block until the hook reads: off the cooperative threads.
            DispatchQueue.global().async {
                do {
                    try handle.write(contentsOf: data)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        var acked: Set<Int64> = [], answered: Set<Int64> = []
        let wanted = Set(seqs)
        let deadline = ContinuousClock.now + timeout
        while !wanted.isSubset(of: answered) {
            for line in takeLines() {
                let answer = Self.answer(line)
                if let seq = answer.ack { acked.insert(seq); answered.insert(seq) }
                if let seq = answer.nack { answered.insert(seq) }
            }
            if wanted.isSubset(of: answered) { break }
            if !process.isRunning {
                let detail = lock.withLock { String(decoding: errorTail, as: UTF8.self) }.split(whereSeparator: \.isNewline).suffix(3).joined(separator: " / ")
                throw PlatformError("plugin-failed", "plugin '\(name)' ended with status \(process.terminationStatus)" + (detail.isEmpty ? "" : ": \(detail)")
                                        + " after answering \(answered.intersection(wanted).count) of \(wanted.count) events")
            }
            if ContinuousClock.now >= deadline {
                throw PlatformError("plugin-timeout", "plugin '\(name)' answered \(answered.intersection(wanted).count) of \(wanted.count) events within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        return acked.intersection(wanted)
    }

    /// The complete lines written back so far, taken out of the buffer.
    private func takeLines() -> [String] {
        lock.withLock {
            guard let last = buffer.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
            let complete = buffer[buffer.startIndex...last]
            buffer = Data(buffer[buffer.index(after: last)...])
            return String(decoding: complete, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        }
    }

    private struct Answer: Decodable {
        var ack: Int64?
        var nack: Int64?
    }

    /// A line of the hook's answer: `12`, `{"ack": 12}` or `{"nack": 12, "error": "…"}`.
    private static func answer(_ line: String) -> Answer {
        let text = line.trimmingCharacters(in: .whitespaces)
        if let seq = Int64(text) { return Answer(ack: seq, nack: nil) }
        return (try? JSONDecoder().decode(Answer.self, from: Data(text.utf8))) ?? Answer(ack: nil, nack: nil)
    }

    /// Closes its input and kills it: SIGKILL, since a server that handles SIGTERM itself
    /// (ServiceLifecycle) leaves it ignored in the children it starts.
    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
