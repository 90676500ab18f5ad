import HTTPTypes

/// The routes of the server, by their number of segments, matched against a request's
/// path. Literal segments win over captures: `catalogue/publication` before `catalogue/{code}`.
final class RouteTable: Sendable {
    /// A route and its parsed template; a class, so matching copies no route.
    private final class Entry: Sendable {
        let route: Route
        let segments: [Segment]
        let captures: Int

        init(_ route: Route) {
            self.route = route
            self.segments = Segment.parse(route.path)
            self.captures = segments.count { if case .capture = $0 { true } else { false } }
        }
    }

    enum Match {
        case found(Route, captures: [String: String])
        /// The path exists, but not for this method.
        case methodNotAllowed([String])
        case notFound
    }

    private let entries: [Int: [Entry]]

    init(_ routes: [Route]) {
        entries = Dictionary(grouping: routes.map(Entry.init), by: \.segments.count)
    }

    /// The route for `method` whose template fits `parts` (the path's segments) with the fewest captures.
    func match(_ method: HTTPRequest.Method, _ parts: [String]) -> Match {
        var best: Entry?
        var allowed: [String] = []
        for entry in entries[parts.count] ?? [] where Segment.fits(entry.segments, parts) {
            guard entry.route.method == method else {
                allowed.append(entry.route.method.rawValue)
                continue
            }
            if best.map({ entry.captures < $0.captures }) ?? true { best = entry }
        }
        if let best { return .found(best.route, captures: Segment.captures(best.segments, parts)) }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed)
    }
}

/// One segment of a path template: literal, or a capture with literal text around it.
enum Segment: Equatable {
    case literal(String)
    case capture(name: String, prefix: String, suffix: String)

    static func parse(_ path: String) -> [Segment] {
        path.split(separator: "/").map { part in
            guard let open = part.firstIndex(of: "{"), let close = part.firstIndex(of: "}") else { return .literal(String(part)) }
            return .capture(name: String(part[part.index(after: open)..<close]), prefix: String(part[..<open]),
                            suffix: String(part[part.index(after: close)...]))
        }
    }

    /// Whether `parts` fit the template; nothing is allocated, since most templates fail on a literal.
    static func fits(_ template: [Segment], _ parts: [String]) -> Bool {
        template.count == parts.count && zip(template, parts).allSatisfy { $0.fits($1) }
    }

    /// The captures of `parts`, which fit the template.
    static func captures(_ template: [Segment], _ parts: [String]) -> [String: String] {
        var captures: [String: String] = [:]
        for case (.capture(let name, let prefix, let suffix), let part) in zip(template, parts) {
            captures[name] = String(Substring(part.utf8.dropFirst(prefix.utf8.count).dropLast(suffix.utf8.count)))
        }
        return captures
    }

    /// Whether one part of a path fits this segment, compared byte for byte.
    private func fits(_ part: String) -> Bool {
        switch self {
        case .literal(let text):
            return text == part
        case .capture(_, let prefix, let suffix):
            let bytes = part.utf8
            return bytes.count > prefix.utf8.count + suffix.utf8.count && bytes.starts(with: prefix.utf8)
                && bytes.reversed().starts(with: suffix.utf8.reversed())
        }
    }
}
