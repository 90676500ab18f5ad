import Foundation
import Kernel
import Ordinance
import Platform
import Store

/// Cases through a full lifecycle on one tenant (report → accept → dispatch → handle →
/// feed back → verify → close), every transition its own durable transaction, next to
/// raw single-row SQLite inserts with the same settings (WAL, synchronous=FULL) in the
/// same run, and next to the same lifecycle on a tenant without the outbox. Then the first
/// page of `case list --overdue` over 1,000,000 cases.
func caseBench(root: URL, cases count: Int, listRows: Int) async throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-casebench-\(UUID())")
    defer { try? FileManager.default.removeItem(at: scratch) }
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)

    // Baseline: single-row inserts, one transaction each, with the same durability.
    let raw = try BaselineDatabase(path: scratch.appendingPathComponent("raw.sqlite").path)
    let body = String(repeating: "x", count: 400)

    // The kernel, through the platform services, on Lhasa with its sample org and staff.
    let deployment = try Deployment(folder: scratch.appendingPathComponent("deployment"))
    _ = try deployment.onboard(key: "lhasa", profileFolder: root.appendingPathComponent("lhasa"))
    let lhasa = try deployment.open("lhasa")
    _ = try lhasa.org.importUnits(csv: try String(contentsOf: root.appendingPathComponent("lhasa/sample/units.csv"), encoding: .utf8), file: "units.csv")
    _ = try lhasa.staff.importStaff(csv: try String(contentsOf: root.appendingPathComponent("lhasa/sample/staff.csv"), encoding: .utf8), file: "staff.csv")
    // The same city in a second deployment without the outbox's trigger: what the outbox costs.
    let bare = try Deployment(folder: scratch.appendingPathComponent("no-outbox"))
    _ = try bare.onboard(key: "lhasa", profileFolder: root.appendingPathComponent("lhasa"))
    let withoutOutbox = try bare.open("lhasa")
    _ = try withoutOutbox.org.importUnits(csv: try String(contentsOf: root.appendingPathComponent("lhasa/sample/units.csv"), encoding: .utf8), file: "units.csv")
    _ = try withoutOutbox.staff.importStaff(csv: try String(contentsOf: root.appendingPathComponent("lhasa/sample/staff.csv"), encoding: .utf8), file: "staff.csv")
    try await withoutOutbox.database.pool.write { try BenchmarkFixtures.dropOutboxTrigger(in: $0) }
    let reporter = Reporter(channel: .citizen, name: "张三", phone: "13900000000")
    var now = Date()
    func tick() -> Date { now = now.addingTimeInterval(1); return now }

    // The disk's speed drifts during a run, so the two are measured in alternating rounds
    // and their totals compared.
    let rounds = 10
    let perRound = max(count / rounds, 1)
    var rawSeconds = 0.0, kernelSeconds = 0.0, bareSeconds = 0.0, inserted = 0
    func lifecycle(_ tenant: Tenant) async throws {
        let id = try await tenant.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: reporter, at: tick()).state.id
        _ = try await tenant.cases.act(id, .accept(note: nil), as: "LS-0006", at: tick())
        _ = try await tenant.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "LS-0006", at: tick())
        _ = try await tenant.cases.act(id, .handle(unit: "public-security", result: "已处理"), as: "LS-0007", at: tick())
        _ = try await tenant.cases.act(id, .feedBack(note: "已告知"), as: "LS-0003", at: tick())
        _ = try await tenant.cases.act(id, .verify(passed: true, note: nil), as: "LS-0003", at: tick())
        _ = try await tenant.cases.act(id, .close(note: nil), as: "LS-0006", at: tick())
    }
    for _ in 0..<rounds {
        var start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<(perRound * 7) {
            try raw.insert(caseId: "c\(inserted / 7)", body: body)
            inserted += 1
        }
        rawSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<perRound { try await lifecycle(lhasa) }
        kernelSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<perRound { try await lifecycle(withoutOutbox) }
        bareSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
    try withoutOutbox.close()
    try raw.close()
    let cases = perRound * rounds
    let rawRate = Double(inserted) / rawSeconds
    let transitionRate = Double(cases * 7) / kernelSeconds
    print("lifecycle of \(cases) cases (7 durable transitions each), synchronous=FULL, \(rounds) alternating rounds:")
    print(String(format: "  fsync of a 4 KiB write on this disk: %.0f µs (median of 200)", try fsyncMicroseconds(in: scratch)))
    print(String(format: "  raw single-row inserts: %8.0f /s", rawRate))
    print(String(format: "  kernel transitions:     %8.0f /s  (%.0f%% of raw inserts), %.0f cases/s", transitionRate, transitionRate / rawRate * 100, Double(cases) / kernelSeconds))
    let bareRate = Double(cases * 7) / bareSeconds
    print(String(format: "  without the outbox:     %8.0f /s  (the outbox costs %.1f%% of a transition's time)", bareRate, (bareRate / transitionRate - 1) * 100))
    let archive = try lhasa.cases.verifyArchive()
    print("  archive: \(archive.cases) cases, \(archive.events) events, \(archive.problems.count) problems")

    // A million cases: projection rows written in bulk, a tenth of them overdue.
    let template = try lhasa.cases.list(limit: 1).first!.state
    let bulkStart = DispatchTime.now().uptimeNanoseconds
    try await lhasa.database.pool.write { try BenchmarkFixtures.writeProjectionsOnly(copying: template, count: listRows, in: $0) }
    let bulkSeconds = Double(DispatchTime.now().uptimeNanoseconds - bulkStart) / 1e9
    let firstPage = try medianMilliseconds(21) { _ = try lhasa.cases.list(overdue: true, limit: 50) }
    let tenthPage = try medianMilliseconds(21) { _ = try lhasa.cases.list(overdue: true, limit: 50, offset: 450) }
    print(String(format: "case list --overdue over %d cases (%d overdue; written in %.1f s):", listRows + count, listRows / 10, bulkSeconds))
    print(String(format: "  first page of 50: %.2f ms (median of 21); tenth page: %.2f ms", firstPage, tenthPage))

    try lhasa.close()
}

/// What one durable write costs on this machine's disk: a 4 KiB write followed by fsync.
func fsyncMicroseconds(in folder: URL) throws -> Double {
    let path = folder.appendingPathComponent("fsync.probe").path
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { return .nan }
    defer { close(fd); unlink(path) }
    let page = [UInt8](repeating: 7, count: 4096)
    return medianMilliseconds(200) {
        _ = page.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4096, 0) }
        fsync(fd)
    } * 1000
}
