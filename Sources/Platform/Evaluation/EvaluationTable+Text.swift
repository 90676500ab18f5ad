import CSV
import Foundation

extension EvaluationTable {
    /// A value as printed: counts whole, percentages and hours to one decimal, "—" for none.
    public static func show(_ value: Double?, unit: String) -> String {
        guard let value else { return "—" }
        switch unit {
        case "count": return String(Int(value.rounded()))
        case "percent": return String(format: "%.1f%%", value)
        default: return String(format: "%.1f", value)
        }
    }

    /// The table as CSV (written with CSV.swift): a header of the columns' names, a row per
    /// unit; values as numbers (percent and hours to two decimals), empty for none.
    public func csv() throws -> String {
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: ["key", "name"] + (rows.contains { $0.level != nil } ? ["level"] : []) + columns.map { "\($0.name) (\($0.unit))" })
        for row in rows {
            let values = columns.map { column -> String in
                guard let value = row.values[column.key] ?? nil else { return "" }
                return column.unit == "count" ? String(Int(value.rounded())) : String(format: "%.2f", value)
            }
            try writer.write(row: [row.key, row.name] + (rows.contains { $0.level != nil } ? [row.level ?? ""] : []) + values)
        }
        stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The table as aligned text lines, for a terminal.
    public func textLines() -> [String] {
        let header = ["", ""] + columns.map(\.name)
        let body = rows.map { row in [row.key, row.level.map { "\(row.name)（\($0)）" } ?? row.name]
            + columns.map { Self.show(row.values[$0.key] ?? nil, unit: $0.unit) } }
        let widths = (0..<header.count).map { index in ([header] + body).map { Self.width($0[index]) }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in cell + String(repeating: " ", count: max(0, widths[index] - Self.width(cell))) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return [line(header)] + body.map(line)
    }

    /// Columns a text takes in a terminal: East Asian wide characters take two.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { sum, scalar in
            let wide = (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
                || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
            return sum + (wide ? 2 : 1)
        }
    }
}
