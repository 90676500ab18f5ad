import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Ordinance
import Platform
import Testing
import TestSupport

/// The process is the unit of failure: after an abnormal exit the service manager starts it
/// again (deploy/wangge.service), and it must serve every city again at once, with nothing
/// it acknowledged lost.
@Suite("Containment of a crash")
struct ContainmentTests {
    /// The `wangge` binary built beside the tests.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("wangge")
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("killed with SIGKILL under load, started again: every city is served within seconds and every acknowledged case is there")
    func killAndRestart() async throws {
        let cities = ["city2023", "changji", "luzhou", "lhasa", "yongzhou"]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-containment-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let deployment = try Deployment(folder: folder)
        let day = Day("2025-06-01")!
        for key in cities {
            _ = try deployment.onboard(key: key, profileFolder: ordinances.appendingPathComponent(key), on: day)
            let tenant = try deployment.open(key)
            _ = try tenant.org.importUnits(csv: try LiveServer.sample(key, "units.csv"), file: "units.csv", on: day)
            _ = try tenant.staff.importStaff(csv: try LiveServer.sample(key, "staff.csv"), file: "staff.csv", on: day)
            try tenant.close()
        }
        let lhasa = try deployment.open("lhasa")
        let worker = try lhasa.access.issueToken(staff: "LS-0003").token
        let office = try lhasa.access.issueToken(staff: "LS-0006").token
        try lhasa.close()

        var server = try ServerProcess(data: folder, port: 0)
        let port = server.port
        let acknowledged = Acknowledged()
        let load = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for round in 0..<10_000 {
                            guard let id = try? await Self.report(port: port, token: worker, note: "\(writer)-\(round)") else { return }
                            acknowledged.add(id)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        while acknowledged.ids.count < 100 { try await Task.sleep(for: .milliseconds(10)) }
        server.kill()
        _ = await load.result
        let filed = acknowledged.ids

        let restarted = ContinuousClock.now
        server = try ServerProcess(data: folder, port: port)
        defer { server.stop() }
        for key in cities {
            let reply = try await Self.get(port: port, "/t/\(key)/api/v1/catalogue")
            #expect(reply == 200, "\(key) after the restart")
        }
        let backIn = ContinuousClock.now - restarted
        #expect(backIn < .seconds(5), "every city served again in \(backIn)")

        for id in filed {
            #expect(try await Self.get(port: port, "/t/lhasa/api/v1/cases/\(id)", token: office) == 200, "acknowledged \(id) must survive")
        }
        server.stop()
        let tenant = try deployment.open("lhasa")
        defer { try? tenant.close() }
        let archive = try tenant.cases.verifyArchive()
        #expect(archive.problems.isEmpty && archive.cases >= filed.count)
    }

    @Test("the shipped service restarts always, runs unprivileged and read-only outside its data, and systemd accepts it")
    func serviceUnit() throws {
        let unit = try String(contentsOf: Self.repository.appendingPathComponent("deploy/wangge.service"), encoding: .utf8)
        let settings = Set(unit.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        for required in ["Restart=always", "RestartSec=1", "StartLimitIntervalSec=0", "User=wangge", "ProtectSystem=strict",
                         "ReadWritePaths=/var/lib/wangge", "NoNewPrivileges=yes", "LimitNOFILE=65536", "KillSignal=SIGTERM"] {
            #expect(settings.contains(required), "\(required)")
        }
        let analyze = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        guard FileManager.default.isExecutableFile(atPath: analyze.path) else { return }
        // Verified as installed, with ExecStart pointing at the binary built here.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-unit-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("wangge.service")
        try unit.replacingOccurrences(of: "/usr/local/bin/wangge", with: Self.binary.path).write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = analyze
        process.arguments = ["verify", file.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        try process.run()
        process.waitUntilExit()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0 && said.isEmpty, "\(said)")
    }

    static func report(port: Int, token: String, note: String) async throws -> String? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/t/lhasa/api/v1/cases")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["item": "LS-06", "grid": "540102002001001", "note": note])
        let (data, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 201 else { return nil }
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (object?["state"] as? [String: Any])?["id"] as? String
    }

    static func get(port: Int, _ path: String, token: String? = nil) async throws -> Int {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}

/// `wangge serve` as its own process, as the service manager runs it.
struct ServerProcess {
    let process = Process()
    let port: Int

    /// Starts the server and waits until it says where it listens.
    init(data: URL, port: Int, arguments extra: [String] = []) throws {
        process.executableURL = ContainmentTests.binary
        process.arguments = ["serve", "--data", data.path, "--port", String(port), "--sweep-every", "0", "--no-rate-limits"] + extra
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // "wangge serving <folder> on http://127.0.0.1:<port>"
        var line = Data()
        let deadline = Date().addingTimeInterval(30)
        while !line.contains(UInt8(ascii: "\n")) {
            guard Date() < deadline else {
                process.terminate()
                throw ServerProcessError.exited
            }
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw ServerProcessError.exited }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let found = text.split(separator: ":").last.flatMap({ Int($0.prefix { $0.isNumber }) }) else { throw ServerProcessError.exited }
        self.port = found
    }

    /// SIGKILL: no shutdown, no flush, as a crash.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, and wait.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    enum ServerProcessError: Error { case exited }
}
