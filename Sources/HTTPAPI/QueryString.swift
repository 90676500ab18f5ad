import Hummingbird

/// A request's query string as names and values, decoded once with Hummingbird's form
/// decoder (`+` is a space, `%XX` an escaped byte): `?reason=50%2525` is `50%25`. A name
/// given twice, or an escape that is not UTF-8, is refused as a bad request.
struct QueryString: Sendable {
    let values: [String: String]

    init(_ query: String?) throws {
        guard let query, !query.isEmpty else {
            values = [:]
            return
        }
        do {
            values = try URLEncodedFormDecoder().decode([String: String].self, from: query)
        } catch {
            throw HTTPProblem(.badRequest, "invalid-query",
                              "the query string cannot be read: give each name once, as name=value pairs joined by '&', percent-encoded as UTF-8")
        }
    }
}
