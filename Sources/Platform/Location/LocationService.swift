import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// What a boundary import did.
public struct BoundaryImportReport: Sendable, Encodable {
    public var file: String
    /// Grids whose boundary was set, by code.
    public var grids: [String]
}

/// Where a report's place led: the grid, and how it was found.
public struct LocatedGrid: Sendable, Equatable {
    public enum Basis: String, Sendable { case point, address, addressId = "address_id", grid }
    public var code: String
    public var basis: Basis

    public init(code: String, basis: Basis) {
        self.code = code
        self.basis = basis
    }
}

/// Grids on the map: tenant admins import grid boundaries (GeoJSON) and the address
/// register (门牌 → 网格); a report's point or address is routed to the grid that holds it.
/// Finding none is an answer, never a default grid: the report then waits for an office.
public struct LocationService: Sendable {
    let tenant: Tenant

    /// Sets the boundaries of the grids a GeoJSON FeatureCollection names, all or nothing:
    /// every bad feature is named, and two grids of the same kind may not overlap (sharing
    /// an edge is not overlapping) — neither within the file nor with boundaries already set.
    public func importBoundaries(_ data: Data, file: String, at now: Date = Date()) throws -> BoundaryImportReport {
        let parsed = try GeoJSONBoundaries(data: data, file: file)
        let profile = try tenant.profile()
        return try tenant.database.pool.write { db in
            var problems = parsed.problems
            var imported: [(feature: GeoJSONBoundaries.Feature, grid: GridRecord)] = []
            var seen: [String: String] = [:]
            for feature in parsed.features {
                if let earlier = seen[feature.code] {
                    problems.append(Problem("geojson", "grid \(feature.code) has a boundary already in \(earlier)", place: feature.place))
                    continue
                }
                seen[feature.code] = feature.place
                guard let grid = try OrgStore.grid(code: feature.code, in: db) else {
                    problems.append(Problem(.notFound, "unknown-grid", "no grid with code \(feature.code) in this city", place: feature.place))
                    continue
                }
                imported.append((feature, grid))
            }
            let replaced = Set(imported.map(\.grid.unitId))
            for (index, (feature, grid)) in imported.enumerated() {
                let box = feature.shape.box
                for (other, otherGrid) in imported[..<index] where otherGrid.kind == grid.kind && feature.shape.overlaps(other.shape) {
                    problems.append(overlap(feature.code, other.code, kind: grid.kind, profile: profile, place: feature.place))
                }
                for stored in try LocationStore.shapes(meetingBox: box.minX, box.maxX, box.minY, box.maxY, in: db)
                where !replaced.contains(stored.gridId) {
                    guard let otherGrid = try OrgStore.grid(unitId: stored.gridId, in: db), otherGrid.kind == grid.kind else { continue }
                    if feature.shape.overlaps(try GeoJSONBoundaries.shape(stored: stored.geometry)) {
                        problems.append(overlap(feature.code, otherGrid.code, kind: grid.kind, profile: profile, place: feature.place))
                    }
                }
            }
            if !problems.isEmpty { throw PlatformError(problems) }
            for (feature, grid) in imported {
                let box = feature.shape.box
                try LocationStore.store(GridShapeRecord(gridId: grid.unitId, geometry: feature.geometry, minX: box.minX, maxX: box.maxX,
                                                        minY: box.minY, maxY: box.maxY, importedAt: now), in: db)
            }
            return BoundaryImportReport(file: file, grids: imported.map(\.grid.code))
        }
    }

    private func overlap(_ code: String, _ other: String, kind: String, profile: Profile, place: String) -> Problem {
        let kindName = profile.grids.kinds.first { $0.key == kind }.map { $0.name.description } ?? kind
        return Problem("grid-overlap", "grid \(code) overlaps grid \(other), both \(kindName): grids of one kind divide the land without overlapping",
                       article: profile.cite(profile.grids.article), place: place)
    }

    /// The grids' boundaries as a GeoJSON FeatureCollection (for maps), each feature with
    /// the grid's code, name and kind.
    public func boundaries() throws -> Data {
        try tenant.database.pool.read { db in
            var features: [JSONValue] = []
            for shape in try LocationStore.shapes(in: db) {
                guard let grid = try OrgStore.grid(unitId: shape.gridId, in: db), let unit = try OrgStore.unit(grid.unitId, in: db) else { continue }
                let geometry = try JSONDecoder().decode(JSONValue.self, from: Data(shape.geometry.utf8))
                features.append(.object(["type": .string("Feature"), "geometry": geometry,
                                         "properties": .object(["code": .string(grid.code), "name": .string(unit.name), "kind": .string(grid.kind)])]))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(JSONValue.object(["type": .string("FeatureCollection"), "features": .array(features)]))
        }
    }

    /// The grid whose boundary holds the point (on a shared edge, or where grids of
    /// different kinds nest, the smallest), or nil.
    public func grid(lat: Double, long: Double) throws -> String? {
        try tenant.database.pool.read { try grid(lat: lat, long: long, in: $0) }
    }

    func grid(lat: Double, long: Double, in db: Database) throws -> String? {
        let point = GeoPoint(x: long, y: lat)
        var best: (area: Double, code: String)?
        for candidate in try LocationStore.shapes(containingBox: long, lat, in: db) {
            let shape = try GeoJSONBoundaries.shape(stored: candidate.geometry)
            guard shape.locate(point) != .outside, let grid = try OrgStore.grid(unitId: candidate.gridId, in: db) else { continue }
            let area = shape.area
            // Areas equal up to rounding (two grids of one size meeting at an edge) go to the lower code.
            if let known = best, abs(area - known.area) <= 1e-6 * max(area, known.area) {
                if grid.code < known.code { best = (area, grid.code) }
            } else if best == nil || area < best!.area {
                best = (area, grid.code)
            }
        }
        return best?.code
    }

    // MARK: address register

    static let addressColumns = (required: ["id", "address", "grid"], optional: [String]())

    /// Imports the address register from CSV (`id,address,grid`: the address's id, its
    /// text, and the grid's code), all or nothing; an id already registered is replaced.
    public func importAddresses(csv text: String, file: String) throws -> ImportReport {
        let table = try CSVTable(text: text, file: file, required: Self.addressColumns.required, optional: Self.addressColumns.optional)
        return try tenant.database.pool.write { db in
            var problems: [Problem] = []
            var records: [AddressRecord] = []
            var seen: Set<String> = []
            for (line, row) in table.rows {
                let place = "\(file):\(line)"
                guard let id = row["id"], let address = row["address"], let code = row["grid"] else {
                    problems.append(Problem("csv", "each row has id, address and grid", place: place))
                    continue
                }
                guard seen.insert(id).inserted else {
                    problems.append(Problem("csv", "address id '\(id)' is on an earlier row", place: place))
                    continue
                }
                let normalized = Self.normalized(address)
                guard normalized.count >= 2 else {
                    problems.append(Problem("csv", "address '\(address)' is too short to be matched", place: place))
                    continue
                }
                guard let grid = try OrgStore.grid(code: code, in: db) else {
                    problems.append(Problem(.notFound, "unknown-grid", "no grid with code \(code) in this city", place: place))
                    continue
                }
                records.append(AddressRecord(id: id, address: address, normalized: normalized, gridId: grid.unitId))
            }
            if !problems.isEmpty { throw PlatformError(problems) }
            for record in records { try LocationStore.store(record, in: db) }
            return ImportReport(file: file, rows: records.count, warnings: table.warnings)
        }
    }

    /// The grid of a registered address id, or nil.
    func grid(addressId: String, in db: Database) throws -> String? {
        guard let address = try LocationStore.address(id: addressId, in: db) else { return nil }
        return try OrgStore.grid(unitId: address.gridId, in: db)?.code
    }

    /// The grid of an address as written: the register's entry it equals, else the longest
    /// register entry it contains, else the entries that contain it (when it is specific
    /// enough: four characters or more); nil when none matches or the matches disagree.
    func grid(address: String, in db: Database) throws -> String? {
        let normalized = Self.normalized(address)
        guard !normalized.isEmpty else { return nil }
        var matches = try LocationStore.addresses(normalized: normalized, in: db)
        if matches.isEmpty {
            let within = try LocationStore.addresses(within: normalized, in: db)
            matches = within.filter { $0.normalized.count == within.first?.normalized.count }
        }
        if matches.isEmpty, normalized.count >= 4 {
            matches = try LocationStore.addresses(containing: normalized, limit: 50, in: db)
        }
        let grids = Set(matches.map(\.gridId))
        guard grids.count == 1, let gridId = grids.first else { return nil }
        return try OrgStore.grid(unitId: gridId, in: db)?.code
    }

    /// An address as matched: without spaces, full-width letters and digits made
    /// half-width, in lower case ("１５号院" and "15 号院" are the same address).
    static func normalized(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !CharacterSet.whitespacesAndNewlines.contains(scalar) {
            if (0xFF01...0xFF5E).contains(scalar.value), let half = Unicode.Scalar(scalar.value - 0xFEE0) {
                scalars.append(half)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars).lowercased()
    }

    /// Where a report's place leads, in the order the spec lists them: a grid code given as
    /// `address_id` (or a registered address id), a point, an address string. Nil when
    /// nothing given matches a grid.
    public func locate(addressId: String?, lat: Double?, long: Double?, address: String?) throws -> LocatedGrid? {
        try tenant.database.pool.read { db in
            if let addressId {
                if try OrgStore.grid(code: addressId, in: db) != nil { return LocatedGrid(code: addressId, basis: .grid) }
                if let code = try grid(addressId: addressId, in: db) { return LocatedGrid(code: code, basis: .addressId) }
            }
            if let lat, let long, let code = try grid(lat: lat, long: long, in: db) { return LocatedGrid(code: code, basis: .point) }
            if let address, let code = try grid(address: address, in: db) { return LocatedGrid(code: code, basis: .address) }
            return nil
        }
    }
}

extension Tenant {
    /// Grid boundaries, the address register, and routing places to grids.
    public var locations: LocationService { LocationService(tenant: self) }
}
