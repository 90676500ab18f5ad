import ArgumentParser
import Foundation
import Ordinance
import Platform

/// `wangge ordinance check [PATH…]`: every problem in every profile, exit 0 only if none is an error.
struct OrdinanceCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check profiles: files, tenant folders, or the whole ordinances folder.",
        discussion: "Prints each problem as file:line:column with the rule broken and the article it comes from, including a publication language no language pack provides or a regional calendar pack that is not there. Exits 0 only if no profile has an error."
    )

    @Argument(help: "Profile files or folders (default: ordinances).")
    var paths: [String] = []

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: "The plugins folder whose language and calendar packs the profiles may use (default: $WANGGE_PLUGINS, else ./plugins, else the checkout's).")
    var plugins: String = PluginLibrary.defaultFolder

    func run() throws {
        let packs = PackShelf.load(folder: URL(fileURLWithPath: plugins))
        let report = ProfileLibrary.check(paths: paths.isEmpty ? ["ordinances"] : paths, packs: packs)
        let diagnostics = report.diagnostics.sortedByPosition()
        switch format {
        case .json:
            try printJSON(CheckOutput(files: report.files, tenants: report.tenants, errors: report.errorCount,
                                      warnings: report.warningCount, diagnostics: diagnostics))
        case .text:
            var sources = SourceCache()
            for diagnostic in diagnostics {
                print(diagnostic)
                if let excerpt = sources.excerpt(of: diagnostic) { print(excerpt) }
            }
            let tenants = report.tenants.isEmpty ? "" : "\(report.tenants.count) tenants (\(report.tenants.joined(separator: ", "))), "
            print("checked \(tenants)\(report.files) files: \(report.errorCount) errors, \(report.warningCount) warnings")
        }
        if report.errorCount > 0 { throw ExitCode.failure }
    }

    private struct CheckOutput: Encodable {
        let files: Int
        let tenants: [String]
        let errors: Int
        let warnings: Int
        let diagnostics: [Diagnostic]
    }
}

/// The line a problem is on, with a caret under the column, as compilers print it.
struct SourceCache {
    private var lines: [String: [Substring]] = [:]

    mutating func excerpt(of diagnostic: Diagnostic) -> String? {
        if lines[diagnostic.file] == nil {
            let data = FileManager.default.contents(atPath: diagnostic.file) ?? Data()
            let text = data.count <= 1 << 20 ? String(decoding: data, as: UTF8.self) : ""
            lines[diagnostic.file] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let fileLines = lines[diagnostic.file], diagnostic.position.line <= fileLines.count,
              diagnostic.position != .start || diagnostic.rule == .yamlSyntax else { return nil }
        let line = fileLines[diagnostic.position.line - 1]
        let prefix = line.unicodeScalars.prefix(diagnostic.position.column - 1)
        // East Asian characters take two cells in a terminal.
        let width = prefix.reduce(0) { $0 + ($1.isWide ? 2 : 1) }
        return "    \(line)\n    \(String(repeating: " ", count: width))^"
    }
}

private extension Unicode.Scalar {
    /// East Asian wide characters (CJK, full-width forms), which take two terminal cells.
    var isWide: Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD: true
        default: false
        }
    }
}
