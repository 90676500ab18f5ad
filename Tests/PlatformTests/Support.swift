import Foundation
import Ordinance
import Platform

/// The repository's `ordinances/` folder.
let ordinances = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ordinances")

/// A date on which every city's profile is in force.
let day = Day("2025-06-01")!

/// A fresh, empty deployment in a temporary folder.
func freshDeployment() throws -> Deployment {
    try Deployment(folder: FileManager.default.temporaryDirectory.appendingPathComponent("wangge-test-\(UUID())"))
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
