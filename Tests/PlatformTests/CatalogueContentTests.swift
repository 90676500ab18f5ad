import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// What an import's cells contain, not only their shape: codes without invisible or
/// look-alike characters, names in their language's script, a legal basis the law has.
@Suite("Catalogue content checks")
struct CatalogueContentTests {
    let at = time("2025-06-03 10:00")

    /// Lhasa's catalogue as exported, with `edit` applied to the line of `code`.
    func edited(_ tenant: Tenant, _ code: String, _ edit: (String) -> String) throws -> String {
        try tenant.catalogue.export(as: .csv).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .map { $0.hasPrefix(code + ",") ? edit($0) : $0 }.joined(separator: "\n")
    }

    func importing(_ tenant: Tenant, _ csv: String) -> [String] {
        refusal { _ = try tenant.catalogue.importItems(csv, file: "c.csv", as: .csv, by: "LS-0009", reason: "调整", dryRun: true, at: at) }
    }

    @Test("a stray byte-order mark before a code is refused with its row, not read as a new item and a withdrawal")
    func byteOrderMark() throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let problems = importing(lhasa, try edited(lhasa, "LS-04") { "\u{FEFF}" + $0.replacingOccurrences(of: "30 days", with: "20 days") })
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("c.csv:5: \u{FEFF}LS-04: item code '<U+FEFF ZERO WIDTH NO-BREAK SPACE>LS-04' contains U+FEFF ZERO WIDTH NO-BREAK SPACE at position 1") == true)
        #expect(problems.first?.contains("[invalid-code]") == true)
    }

    @Test("a code that differs from one in force only in case is refused; so are spaces and Chinese in codes")
    func codes() throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        #expect(importing(lhasa, try edited(lhasa, "LS-04") { "ls-04" + $0.dropFirst(5) }) == [
            "c.csv:5: item code 'ls-04' differs from 'LS-04' in the catalogue only in case; write it as 'LS-04' [code-case]",
        ])
        let chinese = importing(lhasa, try edited(lhasa, "LS-04") { "事项 1" + $0.dropFirst(5) })
        #expect(chinese.contains { $0.contains("[invalid-code]") && $0.contains("U+4E8B") })
    }

    @Test("Tibetan mangled by a GBK round trip, and Chinese under bo, are refused (第二十条)")
    func scripts() throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let item = try lhasa.catalogue.item("LS-04").entry
        let bo = try #require(item.names["bo"])
        let mangled = importing(lhasa, try edited(lhasa, "LS-04") { $0.replacingOccurrences(of: bo, with: String(repeating: "?", count: 8)) })
        #expect(mangled.count == 1 && mangled[0].contains("name.bo of LS-04 contains '??'") && mangled[0].contains("[name-script]")
            && mangled[0].hasSuffix("拉萨市网格化服务管理条例 第二十条"))
        let chinese = importing(lhasa, try edited(lhasa, "LS-04") { $0.replacingOccurrences(of: bo, with: "矛盾纠纷排查") })
        #expect(chinese.count == 1 && chinese[0].contains("'矛' (U+77DB CJK UNIFIED IDEOGRAPH-77DB) is not written in the script of 'bo'"))
    }

    @Test("a legal basis the ordinance does not have is refused: Lhasa's text has its articles, not 第九十九条")
    func legalBasis() throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let made = importing(lhasa, try edited(lhasa, "LS-04") { line in
            String(line[..<line.lastIndex(of: ",")!]) + ",拉萨市网格化服务管理条例 第九十九条"
        })
        #expect(made.count == 1 && made[0].contains("[legal-basis]") && made[0].contains("cites 第九十九条"))
        let notACitation = importing(lhasa, try edited(lhasa, "LS-04") { line in String(line[..<line.lastIndex(of: ",")!]) + ",见条例" })
        #expect(notACitation.count == 1 && notACitation[0].contains("is not a citation"))
    }

    @Test("an application sets the legal basis too (--article): a made-up article is refused, a real one is recorded with the ordinance's title")
    func legalBasisOfAnApplication() throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let at = time("2025-06-03 10:00")
        #expect(refusal { _ = try lhasa.catalogue.apply(.init(action: .amend, code: "LS-02", article: "第九十九条", reason: "依据调整"), as: "LS-0007", at: at) }
            .first?.contains("[legal-basis]") == true)
        let applied = try lhasa.catalogue.apply(.init(action: .amend, code: "LS-02", article: "第二十一条第三项", reason: "依据调整"), as: "LS-0007", at: at)
        #expect(applied.changes.map(\.description) == ["article: 拉萨市网格化服务管理条例 第二十一条第二项 → 拉萨市网格化服务管理条例 第二十一条第三项"])
    }

    @Test("no content check refuses the five cities' own items, every cell of every item checked", arguments: ["city2023", "changji", "luzhou", "lhasa", "yongzhou"])
    func seedsPass(key: String) throws {
        let tenant = try city(key)
        defer { try? tenant.close() }
        let csv = try tenant.catalogue.export(as: .csv)
        // Every item amended (a longer limit), so every row's every cell is checked.
        let amended = csv.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            index == 0 || line.isEmpty ? String(line) : String(line).replacingOccurrences(of: "workdays", with: "days")
        }.joined(separator: "\n")
        let office = ["city2023": "CS-0006", "changji": "CJ-0007", "luzhou": "LZ-0006", "lhasa": "LS-0009", "yongzhou": "YZ-0007"][key]!
        let problems = refusal {
            _ = try tenant.catalogue.importItems(amended, file: "c.csv", as: .csv, by: office, reason: "核对", dryRun: true, at: at)
        }
        // Content rules only: city2023's seed items state no resources, which 第十九条第二款 asks of any amendment.
        let content = ["[invalid-code]", "[code-case]", "[name-script]", "[legal-basis]"]
        #expect(problems.filter { problem in content.contains { problem.contains($0) } }.isEmpty, "\(problems)")
    }
}

/// A catalogue edited in a spreadsheet and saved back.
@Suite("Catalogue files from spreadsheets")
struct CatalogueSpreadsheetTests {
    @Test("Excel's CSV: a byte-order mark, trailing blank rows and an extra notes column are read, the column ignored with a warning")
    func excelRoundTrip() throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let excel = try lhasa.catalogue.export(as: .csv, forExcel: true)
        #expect(excel.hasPrefix("\u{FEFF}code,"))
        var lines = excel.split(separator: "\n").map(String.init)
        lines = lines.enumerated().map { index, line in line + (index == 0 ? ",notes" : ",") } + [",,,,,,,,", ",,,,,,,,"]
        let report = try lhasa.catalogue.importItems(lines.joined(separator: "\r\n") + "\r\n", file: "c.csv", as: .csv, by: "LS-0009",
                                                     reason: "核对", dryRun: true, at: time("2025-06-03 10:00"))
        #expect(report.changes.isEmpty && report.unchanged == 8)
        #expect(report.warnings.map(\.description) == [
            "c.csv:1: warning: column 'notes' is not one of code,category,department,time_limit,name.zh,name.bo,resources,article and is ignored [csv-header]",
        ])
    }

    @Test("a file saved as GB18030 (Excel on Chinese Windows) or UTF-16 is read, and the report says which encoding it found")
    func encodings() throws {
        let yongzhou = try city("yongzhou")
        defer { try? yongzhou.close() }
        let at = time("2025-06-03 10:00")
        let csv = try yongzhou.catalogue.export(as: .csv)
        let gbk = try iconv(csv, to: "GB18030")
        #expect(String(data: gbk, encoding: .utf8) == nil)  // not UTF-8: before, "is not UTF-8 text"
        let read = try yongzhou.catalogue.importItems(gbk, file: "c.csv", as: .csv, by: "YZ-0007", reason: "核对", dryRun: true, at: at)
        #expect(read.encoding == .gb18030 && read.changes.isEmpty && read.unchanged == csv.split(separator: "\n").count - 1)

        let little = Data([0xFF, 0xFE]) + csv.data(using: .utf16LittleEndian)!
        #expect(try yongzhou.catalogue.importItems(little, file: "c.csv", as: .csv, by: "YZ-0007", reason: "核对", dryRun: true, at: at).encoding == .utf16LittleEndian)
        let big = csv.data(using: .utf16BigEndian)!  // no byte-order mark
        #expect(try yongzhou.catalogue.importItems(big, file: "c.csv", as: .csv, by: "YZ-0007", reason: "核对", dryRun: true, at: at).encoding == .utf16BigEndian)
        let marked = Data([0xEF, 0xBB, 0xBF]) + Data(csv.utf8)
        #expect(try yongzhou.catalogue.importItems(marked, file: "c.csv", as: .csv, by: "YZ-0007", reason: "核对", dryRun: true, at: at).encoding == .utf8WithBOM)

        // A GB18030 file with a bad row: the refusal says how the file was read.
        let bad = try iconv(csv.replacingOccurrences(of: "10 workdays", with: "十天"), to: "GB18030")
        let problems = refusal { _ = try yongzhou.catalogue.importItems(bad, file: "c.csv", as: .csv, by: "YZ-0007", reason: "核对", dryRun: true, at: at) }
        #expect(problems.first == "c.csv: warning: c.csv was read as GB18030 [encoding]" && problems.count > 1)
        #expect(refusal { _ = try yongzhou.catalogue.importItems(Data([0x41, 0xFF, 0xFF, 0x81]), file: "x.csv", as: .csv, by: "YZ-0007", reason: "核对", at: at) }
            .first?.contains("[encoding]") == true)
    }

    /// `text` in `encoding`, by the system's iconv.
    private func iconv(_ text: String, to encoding: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", encoding]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
