import Foundation

/// Grid boundaries read from a GeoJSON FeatureCollection (RFC 7946): one Feature per grid,
/// its `properties.code` the grid code (网格编码), its geometry a Polygon or MultiPolygon in
/// WGS 84 longitude/latitude. Every bad feature is named with what is wrong with it.
struct GeoJSONBoundaries {
    struct Feature {
        /// The feature's place in the file: `file#features[3]`.
        var place: String
        var code: String
        var shape: GeoShape
        /// The geometry as the file gave it, kept for maps.
        var geometry: String
    }

    var features: [Feature] = []
    var problems: [Problem] = []

    /// The most points a grid's boundary may have, and one ring: bounds the checks' work.
    static let maxPoints = 20_000
    static let maxRingPoints = 5_000

    init(data: Data, file: String) throws {
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw PlatformError("geojson", "the file is not JSON: \(Self.reason(error))", place: file)
        }
        guard case .object(let root) = document, root["type"] == .string("FeatureCollection"),
              case .array(let features)? = root["features"] else {
            throw PlatformError("geojson", "the file is a GeoJSON FeatureCollection: {\"type\": \"FeatureCollection\", \"features\": [...]}", place: file)
        }
        if features.isEmpty { throw PlatformError("geojson", "the collection has no features", place: file) }
        for (index, value) in features.enumerated() {
            let place = "\(file)#features[\(index)]"
            do {
                self.features.append(try Self.feature(value, place: place))
            } catch let error as PlatformError {
                problems += error.problems
            }
        }
    }


    private static func reason(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        }
        return "\(error)"
    }

    private static func feature(_ value: JSONValue, place: String) throws -> Feature {
        guard case .object(let feature) = value, feature["type"] == .string("Feature") else {
            throw PlatformError("geojson", "each feature is an object with \"type\": \"Feature\"", place: place)
        }
        guard case .object(let properties)? = feature["properties"], case .string(let code)? = properties["code"],
              !code.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw PlatformError("geojson", "the feature names its grid in properties.code (网格编码)", place: place)
        }
        let place = "\(place) (\(code))"
        guard let geometry = feature["geometry"] else {
            throw PlatformError("geojson", "the feature has a geometry with a type and coordinates", place: place)
        }
        let shape = try self.shape(geometry, place: place)
        let text = (try? JSONEncoder().encode(geometry)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        return Feature(place: place, code: code, shape: shape, geometry: text)
    }

    /// A grid's area from a GeoJSON geometry: a Polygon or MultiPolygon whose rings are
    /// closed, do not cross themselves, and whose holes lie inside; polygons of a
    /// MultiPolygon do not overlap.
    static func shape(_ value: JSONValue, place: String) throws -> GeoShape {
        guard case .object(let geometry) = value, case .string(let type)? = geometry["type"], let coordinates = geometry["coordinates"] else {
            throw PlatformError("geojson", "the feature has a geometry with a type and coordinates", place: place)
        }
        let polygons: [GeoPolygon]
        switch type {
        case "Polygon": polygons = [try polygon(coordinates, place: place)]
        case "MultiPolygon":
            guard case .array(let parts) = coordinates, !parts.isEmpty else {
                throw PlatformError("geojson", "a MultiPolygon's coordinates are a list of polygons", place: place)
            }
            polygons = try parts.enumerated().map { try polygon($0.element, place: "\(place) polygon \($0.offset + 1)") }
        default:
            throw PlatformError("geojson", "a grid's geometry is a Polygon or MultiPolygon, not \(type)", place: place)
        }
        if polygons.reduce(0, { $0 + $1.rings.reduce(0) { $0 + $1.count } }) > maxPoints {
            throw PlatformError("geojson", "a grid's boundary has at most \(maxPoints) points", place: place)
        }
        for (i, a) in polygons.enumerated() {
            for b in polygons[(i + 1)...] where Geometry.boxesMeet(a.outer, b.outer) && Geometry.overlap(a, b) {
                throw PlatformError("geojson", "the MultiPolygon's polygons overlap each other", place: place)
            }
        }
        return GeoShape(polygons: polygons)
    }

    /// A boundary as stored (the geometry's JSON text).
    static func shape(stored text: String) throws -> GeoShape {
        try shape(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), place: "stored boundary")
    }

    private static func polygon(_ value: JSONValue, place: String) throws -> GeoPolygon {
        guard case .array(let rings) = value, !rings.isEmpty else {
            throw PlatformError("geojson", "a polygon's coordinates are a list of rings: the boundary, then any holes", place: place)
        }
        let parsed = try rings.enumerated().map { index, ring in
            try self.ring(ring, place: index == 0 ? "\(place) boundary" : "\(place) hole \(index)")
        }
        let polygon = GeoPolygon(rings: parsed)
        for (index, hole) in polygon.holes.enumerated() {
            let outer = GeoPolygon(rings: [polygon.outer])
            if hole.contains(where: { Geometry.locate($0, in: outer) == .outside }) {
                throw PlatformError("geojson", "hole \(index + 1) lies outside the polygon's boundary", place: place)
            }
        }
        return polygon
    }

    private static func ring(_ value: JSONValue, place: String) throws -> [GeoPoint] {
        guard case .array(let positions) = value else { throw PlatformError("geojson", "a ring is a list of positions", place: place) }
        guard positions.count >= 4 else {
            throw PlatformError("geojson", "a ring has at least four positions, the last the same as the first", place: place)
        }
        guard positions.count <= maxRingPoints else { throw PlatformError("geojson", "a ring has at most \(maxRingPoints) positions", place: place) }
        var points: [GeoPoint] = []
        for (index, position) in positions.enumerated() {
            guard case .array(let numbers) = position, numbers.count == 2 || numbers.count == 3,
                  case .number(let x) = numbers[0], case .number(let y) = numbers[1] else {
                throw PlatformError("geojson", "position \(index) is [longitude, latitude] in numbers", place: place)
            }
            guard (-180...180).contains(x), (-90...90).contains(y) else {
                throw PlatformError("geojson", "position \(index) [\(x), \(y)] is not a WGS 84 longitude and latitude", place: place)
            }
            points.append(GeoPoint(x: x, y: y))
        }
        guard points.first == points.last else {
            throw PlatformError("geojson", "the ring is not closed: its last position repeats its first", place: place)
        }
        guard abs(Geometry.signedArea(points)) > 0 else { throw PlatformError("geojson", "the ring encloses no area", place: place) }
        if Geometry.selfCrossing(points) { throw PlatformError("geojson", "the ring crosses itself", place: place) }
        return points
    }
}
