import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// Concurrent writes from the HTTP front end share transactions; each stands or falls alone.
@Suite("Group commit")
struct GroupCommitTests {
    @Test("forty concurrent reports, some refused: the others are all filed, numbered without gaps, and durable")
    func concurrentReports() async throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        let at = time("2025-06-03 10:00")
        let outcomes = await withTaskGroup(of: String.self) { group in
            for n in 0..<40 {
                group.addTask {
                    do {
                        let view = try await tenant.cases.report(item: n % 10 == 9 ? "LS-99" : "LS-06", grid: "540102002001001", as: "LS-0003",
                                                           reporter: citizen, note: "第\(n)件", at: at)
                        return view.state.id
                    } catch let error as PlatformError {
                        return error.problems.first?.rule ?? "?"
                    } catch {
                        return "\(error)"
                    }
                }
            }
            var all: [String] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.filter { $0 == "item-outside-catalogue" }.count == 4)
        let ids = outcomes.filter { $0.hasPrefix("lhasa-") }.sorted()
        #expect(ids == (1...36).map { String(format: "lhasa-2025-%06d", $0) })
        #expect(try tenant.cases.list(limit: 100).count == 36)
        #expect(try tenant.cases.verifyArchive().problems.isEmpty)
    }

    @Test("two clerks acting on the same version: one wins, the other is told to read again")
    func concurrentActions() async throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        let id = try await tenant.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        async let first = Result(catching: { try await tenant.cases.act(id, .accept(note: nil), as: "LS-0006", expectedVersion: 1, at: time("2025-06-03 10:30")) })
        async let second = Result(catching: { try await tenant.cases.act(id, .accept(note: nil), as: "LS-0006", expectedVersion: 1, at: time("2025-06-03 10:31")) })
        let results = await [first, second]
        #expect(results.filter { (try? $0.get()) != nil }.count == 1)
        #expect(try tenant.cases.view(id).state.version == 2)
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
