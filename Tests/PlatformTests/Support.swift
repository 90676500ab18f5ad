import Foundation
import Ordinance
import Platform

/// The repository's `ordinances/` folder.
let ordinances = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ordinances")

/// A date on which every city's profile is in force.
let day = Day("2025-06-01")!

/// This run's scratch folder. Folders that earlier runs left behind more than an hour ago
/// are removed first, so repeated test runs do not fill the disk.
let scratch: URL = {
    let temp = FileManager.default.temporaryDirectory
    let names = (try? FileManager.default.contentsOfDirectory(atPath: temp.path)) ?? []
    for name in names where name.hasPrefix("wangge-platform-tests-") {
        let old = temp.appendingPathComponent(name)
        let modified = (try? FileManager.default.attributesOfItem(atPath: old.path))?[.modificationDate] as? Date
        if let modified, modified < Date().addingTimeInterval(-3600) { try? FileManager.default.removeItem(at: old) }
    }
    let folder = temp.appendingPathComponent("wangge-platform-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}()

/// A fresh, empty deployment in this run's scratch folder.
func freshDeployment() throws -> Deployment {
    try Deployment(folder: scratch.appendingPathComponent("deployment-\(UUID())"))
}

/// A deployment with `keys` onboarded from the repository's profiles.
func deployment(with keys: [String]) throws -> Deployment {
    let deployment = try freshDeployment()
    for key in keys {
        _ = try deployment.onboard(key: key, profileFolder: ordinances.appendingPathComponent(key), on: day)
    }
    return deployment
}

/// The sample CSV of a tenant.
func sample(_ tenant: String, _ name: String) throws -> String {
    try String(contentsOf: ordinances.appendingPathComponent("\(tenant)/sample/\(name)"), encoding: .utf8)
}

/// The messages of a refusal, as the CLI prints them.
/// `refusal` for async work (case reports and actions).
func refusal(_ body: () async throws -> Void) async -> [String] {
    do {
        try await body()
        return []
    } catch let error as PlatformError {
        return error.problems.map(\.description)
    } catch {
        return ["unexpected: \(error)"]
    }
}

func refusal(_ body: () throws -> Void) -> [String] {
    do {
        try body()
        return []
    } catch let error as PlatformError {
        return error.problems.map(\.description)
    } catch {
        return ["unexpected: \(error)"]
    }
}

/// Bytes and modification date of a file, to prove it was not touched.
func fingerprint(_ path: String) throws -> (Data, Date) {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (try Data(contentsOf: URL(fileURLWithPath: path)), attributes[.modificationDate] as! Date)
}
