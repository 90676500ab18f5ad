import CSV
import Foundation

/// Rows of a CSV file with their line numbers, read with CSV.swift.
struct CSVTable {
    let file: String
    let header: [String]
    /// Each row as column → value, with the line it starts on (the header is line 1).
    let rows: [(line: Int, values: [String: String])]

    /// Reads `text`; refuses a file without the `required` columns or with unknown ones.
    init(text: String, file: String, required: [String], optional: [String]) throws {
        self.file = file
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
        } catch {
            throw PlatformError("csv", "cannot read the CSV: \(error)", place: "\(file):1")
        }
        let header = reader.headerRow ?? []
        self.header = header
        let missing = required.filter { !header.contains($0) }
        let unknown = header.filter { !required.contains($0) && !optional.contains($0) }
        if !missing.isEmpty || !unknown.isEmpty {
            var message = "the header must name the columns \((required + optional).joined(separator: ","))"
            if !missing.isEmpty { message += "; missing: \(missing.joined(separator: ", "))" }
            if !unknown.isEmpty { message += "; unknown: \(unknown.joined(separator: ", "))" }
            throw PlatformError("csv-header", message, place: "\(file):1")
        }
        var rows: [(Int, [String: String])] = []
        var line = 2
        while let row = reader.next() {
            var values: [String: String] = [:]
            for (column, value) in zip(header, row) where !value.isEmpty { values[column] = value }
            if row.count != header.count {
                throw PlatformError("csv", "the row has \(row.count) fields; the header has \(header.count)", place: "\(file):\(line)")
            }
            rows.append((line, values))
            line += 1 + row.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
        }
        if let error = reader.error { throw PlatformError("csv", "cannot read the CSV: \(error)", place: "\(file):\(line)") }
        self.rows = rows
    }
}

/// What an import did: rows imported and warnings. An import with any error imports nothing.
public struct ImportReport: Sendable, Encodable {
    public var file: String
    public var rows: Int
    public var warnings: [Problem]
}
