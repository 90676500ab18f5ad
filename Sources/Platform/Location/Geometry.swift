import Foundation

/// Plane geometry for grid boundaries, in degrees of longitude (x) and latitude (y).
/// Hand-written: none of the packages this project may use does polygons, and what is
/// needed is small — a point-in-polygon test with holes, ring checks, and an overlap test.
/// Grids are small enough (a few km) for the plane to stand in for the sphere.
struct GeoPoint: Equatable, Sendable {
    var x: Double
    var y: Double
}

/// A polygon: its outer ring, then its holes; each ring closed (first point = last).
struct GeoPolygon: Sendable {
    var rings: [[GeoPoint]]

    var outer: [GeoPoint] { rings.first ?? [] }
    var holes: ArraySlice<[GeoPoint]> { rings.dropFirst() }
}

/// A grid's area: one or more polygons (a MultiPolygon), with its bounding box.
struct GeoShape: Sendable {
    var polygons: [GeoPolygon]

    var box: (minX: Double, maxX: Double, minY: Double, maxY: Double) {
        let points = polygons.flatMap(\.outer)
        return (points.map(\.x).min() ?? 0, points.map(\.x).max() ?? 0, points.map(\.y).min() ?? 0, points.map(\.y).max() ?? 0)
    }

    /// The area in square degrees: what decides between nested grids of different kinds.
    var area: Double {
        polygons.reduce(0) { sum, polygon in
            sum + abs(Geometry.signedArea(polygon.outer)) - polygon.holes.reduce(0) { $0 + abs(Geometry.signedArea($1)) }
        }
    }

    /// Where the point is: inside the area, on its boundary, or outside.
    func locate(_ point: GeoPoint) -> Geometry.Location {
        var onBoundary = false
        for polygon in polygons {
            switch Geometry.locate(point, in: polygon) {
            case .inside: return .inside
            case .boundary: onBoundary = true
            case .outside: break
            }
        }
        return onBoundary ? .boundary : .outside
    }

    /// Whether the two areas share more than a boundary.
    func overlaps(_ other: GeoShape) -> Bool {
        for a in polygons {
            for b in other.polygons where Geometry.boxesMeet(a.outer, b.outer) {
                if Geometry.overlap(a, b) { return true }
            }
        }
        return false
    }
}

enum Geometry {
    enum Location { case inside, boundary, outside }

    /// Tolerance for "on the boundary", in degrees (about a millimetre).
    static let epsilon = 1e-8

    /// The shoelace formula, taken from the ring's first point: with coordinates near
    /// 91° and 29° the products would otherwise lose most of their digits.
    static func signedArea(_ ring: [GeoPoint]) -> Double {
        guard ring.count > 2 else { return 0 }
        let origin = ring[0]
        var sum = 0.0
        for i in 0..<(ring.count - 1) {
            let (a, b) = (ring[i], ring[i + 1])
            sum += (a.x - origin.x) * (b.y - origin.y) - (b.x - origin.x) * (a.y - origin.y)
        }
        return sum / 2
    }

    /// Even-odd crossing test over every ring (a point in a hole is outside), with points
    /// on any edge reported as on the boundary.
    static func locate(_ point: GeoPoint, in polygon: GeoPolygon) -> Location {
        var inside = false
        for ring in polygon.rings where ring.count > 1 {
            for i in 0..<(ring.count - 1) {
                let a = ring[i], b = ring[i + 1]
                if onSegment(point, a, b) { return .boundary }
                if (a.y > point.y) != (b.y > point.y) {
                    let x = a.x + (point.y - a.y) * (b.x - a.x) / (b.y - a.y)
                    if point.x < x { inside.toggle() }
                }
            }
        }
        return inside ? .inside : .outside
    }

    static func onSegment(_ p: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Bool {
        let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
        let length = max(abs(b.x - a.x), abs(b.y - a.y))
        guard abs(cross) <= epsilon * max(length, 1e-12) else { return false }
        return p.x >= min(a.x, b.x) - epsilon && p.x <= max(a.x, b.x) + epsilon
            && p.y >= min(a.y, b.y) - epsilon && p.y <= max(a.y, b.y) + epsilon
    }

    private static func orientation(_ a: GeoPoint, _ b: GeoPoint, _ c: GeoPoint) -> Double {
        (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    }

    /// Whether segments ab and cd cross at a point inside both (touching or running along
    /// each other is not crossing).
    static func properlyCross(_ a: GeoPoint, _ b: GeoPoint, _ c: GeoPoint, _ d: GeoPoint) -> Bool {
        let d1 = orientation(c, d, a), d2 = orientation(c, d, b), d3 = orientation(a, b, c), d4 = orientation(a, b, d)
        let scale = max(abs(b.x - a.x), abs(b.y - a.y), abs(d.x - c.x), abs(d.y - c.y), 1e-12) * epsilon
        return ((d1 > scale && d2 < -scale) || (d1 < -scale && d2 > scale)) && ((d3 > scale && d4 < -scale) || (d3 < -scale && d4 > scale))
    }

    static func boxesMeet(_ a: [GeoPoint], _ b: [GeoPoint]) -> Bool {
        guard let aMinX = a.map(\.x).min(), let aMaxX = a.map(\.x).max(), let aMinY = a.map(\.y).min(), let aMaxY = a.map(\.y).max(),
              let bMinX = b.map(\.x).min(), let bMaxX = b.map(\.x).max(), let bMinY = b.map(\.y).min(), let bMaxY = b.map(\.y).max()
        else { return false }
        return aMinX <= bMaxX && bMinX <= aMaxX && aMinY <= bMaxY && bMinY <= aMaxY
    }

    private static func edges(_ polygon: GeoPolygon) -> [(GeoPoint, GeoPoint)] {
        polygon.rings.flatMap { ring in ring.count > 1 ? (0..<(ring.count - 1)).map { (ring[$0], ring[$0 + 1]) } : [] }
    }

    /// Points that lie in a polygon's area if any do: its vertices, the middles of its
    /// edges, and the centre of its outer ring.
    private static func samples(_ polygon: GeoPolygon) -> [GeoPoint] {
        let edges = edges(polygon)
        var points = edges.map(\.0) + edges.map { GeoPoint(x: ($0.0.x + $0.1.x) / 2, y: ($0.0.y + $0.1.y) / 2) }
        if let centre = centroid(polygon.outer), locate(centre, in: polygon) == .inside { points.append(centre) }
        return points
    }

    static func centroid(_ ring: [GeoPoint]) -> GeoPoint? {
        let area = signedArea(ring)
        guard abs(area) > 0, ring.count > 3 else { return nil }
        let origin = ring[0]
        var x = 0.0, y = 0.0
        for i in 0..<(ring.count - 1) {
            let a = GeoPoint(x: ring[i].x - origin.x, y: ring[i].y - origin.y)
            let b = GeoPoint(x: ring[i + 1].x - origin.x, y: ring[i + 1].y - origin.y)
            let f = a.x * b.y - b.x * a.y
            x += (a.x + b.x) * f
            y += (a.y + b.y) * f
        }
        return GeoPoint(x: origin.x + x / (6 * area), y: origin.y + y / (6 * area))
    }

    /// Whether two polygons' areas overlap (sharing edges or corners is not overlapping):
    /// an edge of one crosses an edge of the other, or a sample point of one lies strictly
    /// inside the other.
    static func overlap(_ a: GeoPolygon, _ b: GeoPolygon) -> Bool {
        let aEdges = edges(a), bEdges = edges(b)
        for (p, q) in aEdges {
            for (r, s) in bEdges where properlyCross(p, q, r, s) { return true }
        }
        if samples(a).contains(where: { locate($0, in: b) == .inside }) { return true }
        if samples(b).contains(where: { locate($0, in: a) == .inside }) { return true }
        return false
    }

    /// Whether a ring crosses itself: two edges that are not neighbours cross.
    static func selfCrossing(_ ring: [GeoPoint]) -> Bool {
        let count = ring.count - 1
        guard count > 3 else { return false }
        for i in 0..<(count - 2) {
            for j in stride(from: i + 2, to: count, by: 1) where !(i == 0 && j == count - 1) {
                if properlyCross(ring[i], ring[i + 1], ring[j], ring[j + 1]) { return true }
            }
        }
        return false
    }
}
