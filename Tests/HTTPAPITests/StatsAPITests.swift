import Foundation
import Testing

/// Evaluation figures over HTTP: JSON and CSV, scoped by the caller.
@Suite("Evaluation figures on a live server")
struct StatsAPITests {
    @Test("an office gets its grids' figures as JSON and CSV; a worker only their own; the cases behind a figure")
    func figures() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let worker = live.token("lhasa", "LS-0003"), office = live.token("lhasa", "LS-0006")
        for _ in 0..<2 {
            #expect(try await live.send("POST", "/t/lhasa/api/v1/cases", token: worker, json: ["item": "LS-06", "grid": "540102002001001"]).status == 201)
        }
        let grids = try await live.send("GET", "/t/lhasa/api/v1/stats?by=grid&period=year", token: office)
        #expect(grids.status == 200)
        let rows = try #require(grids.object["rows"] as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(((rows.first { $0["key"] as? String == "540102002001001" }?["values"] as? [String: Any])?["reported"] as? Double) == 2)
        let csv = try await live.send("GET", "/t/lhasa/api/v1/stats?by=grid&period=year&format=csv", token: office)
        #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
        #expect(csv.text.hasPrefix("key,name,上报事项数 (count)") && csv.text.contains("540102002001001,冲赛康社区第一网格,2,"))
        let mine = try await live.send("GET", "/t/lhasa/api/v1/stats?by=worker&period=year", token: worker)
        #expect((mine.object["rows"] as? [[String: Any]])?.map { $0["key"] as? String } == ["LS-0003"])
        #expect(try await live.send("GET", "/t/lhasa/api/v1/stats?by=office", token: worker).status == 403)
        #expect(try await live.send("GET", "/t/lhasa/api/v1/stats?by=galaxy", token: office).status == 400)
        let behind = try await live.send("GET", "/t/lhasa/api/v1/stats/cases?by=grid&period=year&indicator=reported&row=540102002001001", token: office)
        #expect(behind.list.isEmpty && (behind.json as? [String])?.count == 2)
    }
}
