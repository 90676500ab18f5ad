import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Ordinance
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// How a batch of events reaches a hook, by its manifest's `delivery`: a command started per
/// batch, a process kept running, or a signed HTTP POST. Each answers with the events it
/// acknowledged; anything else (a crash, a timeout, a refusal) is an error the caller retries.
enum HookTransport {
    /// One hook as one tenant uses it.
    struct Hook: Sendable {
        var tenant: String
        var manifest: PluginManifest
        var settings: [String: String]
        var dataFolder: URL

        /// What a hook's program finds in its environment: its tenant, name, data folder and settings.
        var environment: [String: String] {
            var values = ["WANGGE_TENANT": tenant, "WANGGE_PLUGIN": manifest.name, "WANGGE_PLUGIN_DATA": dataFolder.path]
            for (key, value) in settings { values["WANGGE_SETTING_" + key.uppercased().replacingOccurrences(of: "-", with: "_")] = value }
            return values
        }
    }

    static func send(_ input: String, seqs: [Int64], to hook: Hook, timeout: Duration) async throws -> Set<Int64> {
        switch hook.manifest.delivery {
        case .command: try await runCommand(input, hook: hook, timeout: timeout)
        case .process: try await HookProcesses.shared.exchange(input, seqs: seqs, hook: hook, timeout: timeout)
        case .webhook: try await post(input, hook: hook, timeout: timeout)
        }
    }

    /// The acknowledgements in a hook's answer: one per line, the event's `seq` or `{"ack": seq}`.
    static func acknowledgements(_ text: String) -> Set<Int64> {
        Set(text.split(whereSeparator: \.isNewline).compactMap { line -> Int64? in
            let text = line.trimmingCharacters(in: .whitespaces)
            if let number = Int64(text) { return number }
            guard let object = try? JSONDecoder().decode([String: Int64].self, from: Data(text.utf8)) else { return nil }
            return object["ack"]
        })
    }

    // MARK: A command per batch

    /// Runs the hook's command on one batch (swift-subprocess).
    private static func runCommand(_ input: String, hook: Hook, timeout: Duration) async throws -> Set<Int64> {
        let manifest = hook.manifest
        guard let program = manifest.command.first else { throw PlatformError("plugin-command", "plugin '\(manifest.name)' names no command") }
        let executable: Executable = program.contains("/") ? .path(FilePath(URL(fileURLWithPath: program, relativeTo: URL(fileURLWithPath: manifest.folder + "/")).path)) : .name(program)
        // The batch is handed over as a file on standard input, not written down a pipe: a hook
        // that exits without reading it must not make the writing side fail (swift-subprocess
        // 1.0.2 traps when a pipe writer is left open after such a failure).
        let batch = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-batch-\(UUID().uuidString).jsonl")
        try Data(input.utf8).write(to: batch)
        defer { try? FileManager.default.removeItem(at: batch) }
        let descriptor = try FileDescriptor.open(FilePath(batch.path), .readOnly)
        var environment: [Environment.Key: String?] = [:]
        for (key, value) in hook.environment { environment[Environment.Key(stringLiteral: key)] = value }
        let changes = environment
        let outcome = try await withThrowingTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                let result = try await Subprocess.run(executable, arguments: Arguments(Array(manifest.command.dropFirst())),
                                                      environment: .inherit.updating(changes), workingDirectory: FilePath(manifest.folder),
                                                      input: .fileDescriptor(descriptor, closeAfterSpawningProcess: true),
                                                      output: .string(limit: 1 << 20), error: .string(limit: 1 << 16))
                var exited = false
                if case .exited(0) = result.terminationStatus { exited = true }
                return Outcome(succeeded: exited, status: "\(result.terminationStatus)", output: result.standardOutput, error: result.standardError)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else { throw PlatformError("plugin-timeout", "plugin '\(manifest.name)' took longer than \(timeout)") }
            return first
        }
        let acked = acknowledgements(outcome.output)
        guard outcome.succeeded else {
            let detail = outcome.error.split(whereSeparator: \.isNewline).suffix(3).joined(separator: " / ")
            throw PlatformError("plugin-failed", "plugin '\(manifest.name)' ended with \(outcome.status)" + (detail.isEmpty ? "" : ": \(detail)")
                                    + " after acknowledging \(acked.count) events")
        }
        return acked
    }

    /// What a run of a hook's command left: whether it exited 0, and what it wrote.
    private struct Outcome: Sendable {
        var succeeded: Bool
        var status: String
        var output: String
        var error: String
    }

    // MARK: A webhook

    /// POSTs the batch to the tenant's `url`, signed: `Wangge-Signature: v1=<hex HMAC-SHA256 of
    /// "<timestamp>.<body>" with the tenant's secret>`, `Wangge-Timestamp: <unix seconds>`. A 2xx
    /// answer acknowledges the events its body lists, or the whole batch when it lists none.
    private static func post(_ input: String, hook: Hook, timeout: Duration) async throws -> Set<Int64> {
        let name = hook.manifest.name
        guard let address = hook.settings["url"], let url = URL(string: address), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else {
            throw PlatformError("plugin-setting", "\(name): the setting 'url' is not an http(s) address")
        }
        guard let secret = hook.settings["secret"], !secret.isEmpty else {
            throw PlatformError("plugin-setting", "\(name): the setting 'secret' is not set")
        }
        let body = Data(input.utf8)
        let time = String(Int(Date().timeIntervalSince1970))
        var request = URLRequest(url: url, timeoutInterval: Double(timeout.components.seconds))
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/x-ndjson", forHTTPHeaderField: "Content-Type")
        request.setValue(time, forHTTPHeaderField: "Wangge-Timestamp")
        request.setValue("v1=" + signature(body, timestamp: time, secret: secret), forHTTPHeaderField: "Wangge-Signature")
        request.setValue(hook.tenant, forHTTPHeaderField: "Wangge-Tenant")
        request.setValue("wangge/event/1", forHTTPHeaderField: "Wangge-Event-Schema")
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw PlatformError("plugin-failed", "\(name): POST \(url.host ?? address) failed: \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let text = String(decoding: data.prefix(1 << 20), as: UTF8.self)
        guard (200..<300).contains(status) else {
            throw PlatformError("plugin-failed", "\(name): \(url.host ?? address) answered \(status)" + (text.isEmpty ? "" : ": \(text.prefix(200))"))
        }
        let acked = acknowledgements(text)
        return acked.isEmpty ? Set(input.split(separator: "\n").compactMap { line in
            (try? JSONDecoder().decode(Sequenced.self, from: Data(line.utf8)))?.seq
        }) : acked
    }

    private struct Sequenced: Decodable { var seq: Int64 }

    /// The lowercase hex HMAC-SHA256 of `<timestamp>.<body>`: what a receiver recomputes.
    static func signature(_ body: Data, timestamp: String, secret: String) -> String {
        var message = Data((timestamp + ".").utf8)
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}
