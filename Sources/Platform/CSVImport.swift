import CSV
import Foundation

/// Rows of a CSV file with their line numbers, read with CSV.swift.
struct CSVTable {
    let file: String
    let header: [String]
    /// Each row as column → value, with the line it starts on (the header is line 1).
    let rows: [(line: Int, values: [String: String])]
    /// Columns the import does not know (a spreadsheet's notes column): ignored, and said so.
    let warnings: [Problem]

    /// Reads `text` as a spreadsheet saves it: a leading byte-order mark (Excel's "CSV
    /// UTF-8") is dropped, rows with nothing in them (trailing blank rows) are skipped, and
    /// unknown columns are warnings. A file without the `required` columns is refused.
    init(text: String, file: String, required: [String], optional: [String]) throws {
        self.file = file
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true, trimFields: true)
        } catch {
            throw PlatformError("csv", "cannot read the CSV: \(error)", place: "\(file):1")
        }
        let header = reader.headerRow ?? []
        self.header = header
        let missing = required.filter { !header.contains($0) }
        if !missing.isEmpty {
            throw PlatformError("csv-header", "the header must name the columns \((required + optional).joined(separator: ",")); missing: \(missing.joined(separator: ", "))",
                                place: "\(file):1")
        }
        warnings = header.filter { !required.contains($0) && !optional.contains($0) }.map { column in
            Problem("csv-header", "column '\(column)' is not one of \((required + optional).joined(separator: ",")) and is ignored",
                    place: "\(file):1", severity: .warning)
        }
        let known = Set(required + optional)
        var rows: [(Int, [String: String])] = []
        var line = 2
        while let row = reader.next() {
            defer { line += 1 + row.reduce(0) { $0 + $1.filter { $0 == "\n" }.count } }
            if row.allSatisfy(\.isEmpty) { continue }
            if row.count != header.count {
                throw PlatformError("csv", "the row has \(row.count) fields; the header has \(header.count)", place: "\(file):\(line)")
            }
            var values: [String: String] = [:]
            for (column, value) in zip(header, row) where !value.isEmpty && known.contains(column) { values[column] = value }
            rows.append((line, values))
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
