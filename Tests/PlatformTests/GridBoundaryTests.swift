import Foundation
import TestSupport
import Ordinance
import Platform
import PropertyBased
import Testing

/// Grids on the map: boundaries imported as GeoJSON, all or nothing; a point routed to the
/// grid that holds it, an address through the register; nothing found is nil, never a
/// default grid.
@Suite("Grid boundaries and the address register")
struct GridBoundaryTests {
    /// A square ring from (x, y) with side `size`, as GeoJSON coordinates.
    static func square(_ x: Double, _ y: Double, _ size: Double) -> [[Double]] {
        [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    }

    static func collection(_ features: [(code: String, geometry: [String: Any])]) throws -> Data {
        try JSONSerialization.data(withJSONObject: [
            "type": "FeatureCollection",
            "features": features.map { ["type": "Feature", "properties": ["code": $0.code], "geometry": $0.geometry] },
        ])
    }

    static func polygon(_ rings: [[Double]]...) -> [String: Any] { ["type": "Polygon", "coordinates": rings] }

    @Test("Lhasa's sample: a point goes to the grid whose boundary holds it; in a hole or outside, to none")
    func lhasaSample() throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        let report = try tenant.locations.importBoundaries(try Data(contentsOf: ordinances.appendingPathComponent("lhasa/sample/boundaries.geojson")),
                                                           file: "boundaries.geojson")
        #expect(report.grids.count == 4)
        #expect(try tenant.locations.grid(lat: 29.652, long: 91.132) == "540102002001001")
        #expect(try tenant.locations.grid(lat: 29.652, long: 91.136) == "540102002001002")
        // On the edge the two grids share: the one with the smaller area, then the lower code (here equal areas).
        let edge = try tenant.locations.grid(lat: 29.652, long: 91.134)
        #expect(edge == "540102002001001")
        // The market (an exclusive grid) lies inside a comprehensive grid: the smaller wins; its second polygon too.
        #expect(try tenant.locations.grid(lat: 29.6475, long: 91.1275) == "540102002002901")
        #expect(try tenant.locations.grid(lat: 29.651, long: 91.1315) == "540102002002901")
        #expect(try tenant.locations.grid(lat: 29.649, long: 91.129) == nil)   // the hole
        #expect(try tenant.locations.grid(lat: 29.70, long: 91.20) == nil)     // outside every grid
        let exported = try JSONSerialization.jsonObject(with: try tenant.locations.boundaries()) as? [String: Any]
        #expect((exported?["features"] as? [Any])?.count == 4)
    }

    @Test("every bad feature is named, and a file with any is refused whole")
    func badFeatures() throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        let open: [[Double]] = [[91.0, 29.0], [91.1, 29.0], [91.1, 29.1], [91.0, 29.1]]
        let bowtie: [[Double]] = [[91.0, 29.0], [91.1, 29.1], [91.1, 29.0], [91.0, 29.3], [91.0, 29.0]]
        let data = try Self.collection([
            ("540102002001001", Self.polygon(Self.square(91.0, 29.0, 0.01))),
            ("540102002001002", Self.polygon(open)),
            ("540102002002001", Self.polygon(bowtie)),
            ("999", Self.polygon(Self.square(92.0, 29.0, 0.01))),
            ("540102002002901", ["type": "Point", "coordinates": [91.0, 29.0]]),
        ])
        let problems = refusal { _ = try tenant.locations.importBoundaries(data, file: "bad.geojson") }
        #expect(problems.count == 4)
        #expect(problems.contains { $0.contains("features[1]") && $0.contains("not closed") })
        #expect(problems.contains { $0.contains("features[2]") && $0.contains("crosses itself") })
        #expect(problems.contains { $0.contains("features[3]") && $0.contains("unknown-grid") })
        #expect(problems.contains { $0.contains("features[4]") && $0.contains("Polygon or MultiPolygon") })
        #expect(try tenant.locations.grid(lat: 29.005, long: 91.005) == nil)  // the good feature was not kept either
    }

    @Test("grids of one kind may not overlap — in the file or with boundaries already set — but may share an edge; kinds may nest")
    func overlaps() throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        _ = try tenant.locations.importBoundaries(try Self.collection([
            ("540102002001001", Self.polygon(Self.square(91.0, 29.0, 0.01))),
            ("540102002001002", Self.polygon(Self.square(91.01, 29.0, 0.01))),      // shares an edge
            ("540102002002901", Self.polygon(Self.square(91.002, 29.002, 0.002))),  // exclusive, inside the first
        ]), file: "ok.geojson")
        let same = refusal {
            _ = try tenant.locations.importBoundaries(try Self.collection([("540102002002001", Self.polygon(Self.square(91.0, 29.0, 0.01)))]),
                                                      file: "same.geojson")
        }
        #expect(same.count == 1 && same[0].contains("grid-overlap") && same[0].contains("540102002001001") && same[0].contains("第十条"))
        let crossing = refusal {
            _ = try tenant.locations.importBoundaries(try Self.collection([("540102002002001", Self.polygon(Self.square(91.015, 29.005, 0.01)))]),
                                                      file: "crossing.geojson")
        }
        #expect(crossing.count == 1 && crossing[0].contains("540102002001002"))
        // A grid moved in the same file is compared with its new boundary, not its old one.
        _ = try tenant.locations.importBoundaries(try Self.collection([
            ("540102002001002", Self.polygon(Self.square(91.05, 29.0, 0.01))),
            ("540102002002001", Self.polygon(Self.square(91.01, 29.0, 0.01))),
        ]), file: "moved.geojson")
        #expect(try tenant.locations.grid(lat: 29.005, long: 91.015) == "540102002002001")
    }

    @Test("addresses: the register's entry equal to the text, else the longest one it contains; disagreement is no match")
    func addresses() throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        _ = try tenant.locations.importAddresses(csv: try sample("lhasa", "addresses.csv"), file: "addresses.csv")
        #expect(try tenant.locations.locate(addressId: nil, lat: nil, long: nil, address: "城关区冲赛康社区冲赛康巷１５号") ==
                LocatedGrid(code: "540102002001001", basis: .address))
        #expect(try tenant.locations.locate(addressId: nil, lat: nil, long: nil, address: "西藏拉萨城关区冲赛康市场东门口")?.code == "540102002002901")
        #expect(try tenant.locations.locate(addressId: "LS-A-0003", lat: nil, long: nil, address: nil) == LocatedGrid(code: "540102002002001", basis: .addressId))
        #expect(try tenant.locations.locate(addressId: nil, lat: nil, long: nil, address: "北京市东城区") == nil)
        let bad = refusal { _ = try tenant.locations.importAddresses(csv: "id,address,grid\nA1,冲赛康巷1号,999\nA1,冲赛康巷2号,540102002001001\n", file: "a.csv") }
        #expect(bad.count == 2 && bad[0].contains("a.csv:2") && bad[1].contains("a.csv:3"))
    }

    @Test("mutated GeoJSON: imported whole or refused whole with platform errors, never a trap")
    func fuzz() async throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        let text = try String(contentsOf: ordinances.appendingPathComponent("lhasa/sample/boundaries.geojson"), encoding: .utf8)
        await propertyCheck(count: Mutation.count(150), input: Mutation.edits()) { edits in
            do {
                _ = try tenant.locations.importBoundaries(Data(Mutation.apply(edits, to: text).utf8), file: "boundaries.geojson")
            } catch let error as PlatformError {
                #expect(!error.problems.isEmpty)
            } catch {
                Issue.record("not a platform refusal: \(error)")
            }
        }
    }
}
