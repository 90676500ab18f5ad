import HTTPTypes

/// The routes of the server, by their number of segments, matched against a request's
/// path. Literal segments win over captures: `catalogue/publication` before `catalogue/{code}`.
final class RouteTable: Sendable {
    /// A route and its parsed template, split for matching: literal segments are compared
    /// first, the last first (most templates fail on one, and the last ones differ most),
    /// captures checked after. A class, so matching
    /// copies no route.
    private final class Entry: Sendable {
        let route: Route
        let segments: [Segment]
        let literals: [(index: Int, text: String)]
        let captures: [(index: Int, prefix: String, suffix: String)]

        init(_ route: Route) {
            self.route = route
            segments = Segment.parse(route.path)
            literals = segments.enumerated().reversed().compactMap { index, segment in
                if case .literal(let text) = segment { (index, text) } else { nil }
            }
            captures = segments.enumerated().compactMap { index, segment in
                if case .capture(_, let prefix, let suffix) = segment { (index, prefix, suffix) } else { nil }
            }
        }

        /// Whether `parts` (as many as the segments) fit the template; nothing is allocated.
        func fits(_ parts: [String]) -> Bool {
            for literal in literals where parts[literal.index] != literal.text { return false }
            for capture in captures {
                let bytes = parts[capture.index].utf8
                guard bytes.count > capture.prefix.utf8.count + capture.suffix.utf8.count,
                      bytes.starts(with: capture.prefix.utf8),
                      bytes.suffix(capture.suffix.utf8.count).elementsEqual(capture.suffix.utf8) else { return false }
            }
            return true
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
        for entry in entries[parts.count] ?? [] where entry.fits(parts) {
            guard entry.route.method == method else {
                allowed.append(entry.route.method.rawValue)
                continue
            }
            if best.map({ entry.captures.count < $0.captures.count }) ?? true { best = entry }
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

    /// The captures of `parts`, which fit the template.
    static func captures(_ template: [Segment], _ parts: [String]) -> [String: String] {
        var captures: [String: String] = [:]
        for case (.capture(let name, let prefix, let suffix), let part) in zip(template, parts) {
            captures[name] = String(Substring(part.utf8.dropFirst(prefix.utf8.count).dropLast(suffix.utf8.count)))
        }
        return captures
    }
}
