import Foundation
import Store
import Ordinance
import Platform

/// Onboarding time per city, next to creating a bare SQLite database with the same
/// settings and one committed row (the baseline); then 100 tenants opened in one
/// process, next to opening 100 bare databases.
func tenantBench(root: URL) throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-bench-\(UUID())")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let rounds = 5
    var round = 0

    let baseline = try medianMilliseconds(rounds) {
        round += 1
        let folder = scratch.appendingPathComponent("bare-\(round)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bare = try BaselineDatabase(path: folder.appendingPathComponent("t.sqlite").path)
        try bare.insert(caseId: "x", body: "x")
        try bare.close()
    }
    print("onboarding (median of \(rounds) fresh deployments); baseline: bare SQLite file + one commit = \(String(format: "%.2f", baseline)) ms")
    for folder in ProfileLibrary.tenantFolders(in: root) {
        let key = folder.lastPathComponent
        let time = try medianMilliseconds(rounds) {
            round += 1
            let deployment = try Deployment(folder: scratch.appendingPathComponent("d-\(round)"))
            _ = try deployment.onboard(key: key, profileFolder: folder)
        }
        print("  \(key.padding(toLength: 10, withPad: " ", startingAt: 0)) \(String(format: "%7.2f ms  %6.1fx baseline", time, time / baseline))")
    }

    // 100 tenants, each with its own copy of a profile, opened together in one process.
    let count = 100
    let source = root.appendingPathComponent("lhasa/2023-11-01.yaml")
    let template = try String(contentsOf: source, encoding: .utf8)
    let deployment = try Deployment(folder: scratch.appendingPathComponent("hundred"))
    for i in 1...count {
        let key = String(format: "city%03d", i)
        let folder = scratch.appendingPathComponent("profiles/\(key)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try template.replacingOccurrences(of: "tenant: lhasa", with: "tenant: \(key)")
            .write(to: folder.appendingPathComponent("2023-11-01.yaml"), atomically: true, encoding: .utf8)
        _ = try deployment.onboard(key: key, profileFolder: folder)
    }
    let bareFolder = scratch.appendingPathComponent("hundred-bare")
    try FileManager.default.createDirectory(at: bareFolder, withIntermediateDirectories: true)
    for i in 1...count {
        try BaselineDatabase(path: bareFolder.appendingPathComponent("\(i).sqlite").path).close()
    }

    var bare: [BaselineDatabase] = []
    let bareMemory = residentMiB()
    let bareStart = DispatchTime.now().uptimeNanoseconds
    for i in 1...count {
        let pool = try BaselineDatabase(path: bareFolder.appendingPathComponent("\(i).sqlite").path, creating: false)
        _ = try pool.count()
        bare.append(pool)
    }
    let bareTime = Double(DispatchTime.now().uptimeNanoseconds - bareStart) / 1_000_000
    let bareGrowth = residentMiB() - bareMemory

    var tenants: [Tenant] = []
    let memory = residentMiB()
    let start = DispatchTime.now().uptimeNanoseconds
    for i in 1...count {
        let tenant = try deployment.open(String(format: "city%03d", i))
        _ = try tenant.org.units()
        tenants.append(tenant)
    }
    let time = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
    let growth = residentMiB() - memory
    print("opening \(count) tenants in one process (profile checked, database opened, one query each):")
    print(String(format: "  tenants: %8.1f ms (%.2f ms each), +%.1f MiB resident (%.2f MiB each)", time, time / Double(count), growth, growth / Double(count)))
    print(String(format: "  bare SQLite baseline: %8.1f ms, +%.1f MiB  →  %.1fx the time", bareTime, bareGrowth, time / bareTime))
    for tenant in tenants { try tenant.close() }
    for pool in bare { try pool.close() }
}
