import Foundation
import Kernel
import Ordinance
import Platform
import Testing
import TestSupport

/// Backups while the tenant is written, and restores that bring back every acknowledged case.
@Suite("Backup and restore")
struct BackupTests {
    @Test("a backup taken mid-load holds every case acknowledged before it; restored, it verifies and serves them")
    func midLoad() async throws {
        let tenant = try city("lhasa")
        let folder = tenant.database.path
        let deployment = try Deployment(folder: URL(fileURLWithPath: folder).deletingLastPathComponent().deletingLastPathComponent())
        let writers = Acknowledged()
        let load = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for round in 0..<40 {
                            let view = try await tenant.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen,
                                                               note: "writer \(worker) round \(round)")
                            writers.add(view.state.id)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        while writers.ids.count < 60 { try await Task.sleep(for: .milliseconds(5)) }
        let before = writers.ids
        let backups = scratch.appendingPathComponent("backups-\(UUID())")
        let report = try deployment.backup("lhasa", to: backups)
        try await load.value
        let after = writers.ids
        #expect(report.cases >= before.count && report.cases <= after.count)
        #expect(after.count == 320)

        // Restore over the live file: the tenant holds exactly the cases of the backup.
        try tenant.close()
        let restored = try deployment.restore("lhasa", from: URL(fileURLWithPath: report.file))
        #expect(restored.cases == report.cases)
        let reopened = try deployment.open("lhasa")
        defer { try? reopened.close() }
        for id in before { #expect((try? reopened.cases.view(id, history: false)) != nil, "\(id) was acknowledged before the backup") }
        let archive = try reopened.cases.verifyArchive()
        #expect(archive.problems.isEmpty && archive.cases == report.cases)
    }

    @Test("a restore is refused for another tenant's backup, a damaged copy, and an unknown tenant without its profile; nothing is replaced")
    func refusals() throws {
        let deployment = try deployment(with: ["lhasa", "yongzhou"])
        let backups = scratch.appendingPathComponent("backups-\(UUID())")
        let lhasa = try deployment.backup("lhasa", to: backups)
        #expect(refusal { _ = try deployment.restore("yongzhou", from: URL(fileURLWithPath: lhasa.file)) }.first?.contains("[backup-unusable]") == true)
        let garbage = backups.appendingPathComponent("garbage.sqlite")
        try Data("not a database".utf8).write(to: garbage)
        #expect(refusal { _ = try deployment.restore("lhasa", from: garbage) }.first?.contains("[backup-unusable]") == true)
        #expect(refusal { _ = try deployment.restore("changji", from: URL(fileURLWithPath: lhasa.file)) }.first?.contains("[unknown-tenant]") == true)
        // Both tenants still open on their own files.
        try deployment.open("yongzhou").close()
        try deployment.open("lhasa").close()

        // A deployment rebuilt after a loss: the tenant comes back from its backup and profile.
        let rebuilt = try freshDeployment()
        let back = try rebuilt.restore("lhasa", from: URL(fileURLWithPath: lhasa.file), profileFolder: ordinances.appendingPathComponent("lhasa"))
        #expect(back.tenant == "lhasa")
        try rebuilt.open("lhasa").close()
    }
}
