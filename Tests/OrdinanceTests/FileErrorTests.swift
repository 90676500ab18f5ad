import Foundation
import Testing
@testable import Ordinance

/// Files that are not profiles at all: each is refused with one clear problem and none
/// crashes the process.
@Suite("Files that are not profiles")
struct FileErrorTests {
    @Test("an empty file")
    func emptyFile() {
        #expect(onlyProblem("") == "test.yaml:1:1: error: the file is empty; a profile starts with 'format: wangge/ordinance-profile/1' [empty-document]")
        #expect(onlyProblem("\n  \n") == "test.yaml:1:1: error: the file is empty; a profile starts with 'format: wangge/ordinance-profile/1' [empty-document]")
    }

    @Test("a file of only comments holds no document")
    func onlyComments() {
        #expect(onlyProblem("# nothing here\n") == "test.yaml:1:1: error: the file holds no YAML document [empty-document]")
    }

    @Test("a binary file (PNG header) is not UTF-8 text")
    func binaryFile() {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0xFF, 0xFE])
        let result = ProfileLoader.load(data: png, file: "logo.png")
        #expect(result.profile == nil)
        #expect(result.diagnostics.map(\.description) == [
            "logo.png:1:1: error: the file is not UTF-8 text; save the profile as UTF-8 [encoding]",
        ])
    }

    @Test("plain prose is YAML, but not a mapping")
    func prose() {
        #expect(onlyProblem("本条例自2023年1月1日起施行。\n") ==
            "test.yaml:1:1: error: a profile is a YAML mapping starting with 'format: wangge/ordinance-profile/1', found a scalar [wrong-type]")
        #expect(onlyProblem("- 第一条\n- 第二条\n") ==
            "test.yaml:1:1: error: a profile is a YAML mapping starting with 'format: wangge/ordinance-profile/1', found a list [wrong-type]")
    }

    @Test("a 10 MB file is refused by size before it is parsed")
    func hugeFile() throws {
        let line = "# " + String(repeating: "网", count: 100) + "\n"
        let big = String(repeating: line, count: 10 * 1024 * 1024 / line.utf8.count + 1)
        let result = ProfileLoader.load(data: Data(big.utf8), file: "big.yaml")
        #expect(result.diagnostics.count == 1)
        let problem = try #require(result.diagnostics.first)
        #expect(problem.rule == .fileTooLarge)
        #expect(problem.message == "the file is \(big.utf8.count) bytes; a profile may be at most 1048576 bytes (1 MiB)")

        // From disk the size is checked before the file is read into memory.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-big-\(UUID()).yaml")
        try Data(big.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(ProfileLoader.load(contentsOf: url, file: "big.yaml").diagnostics.map(\.rule) == [.fileTooLarge])
    }

    @Test("deep nesting stops at libyaml's nesting limit instead of exhausting the stack")
    func deeplyNested() throws {
        let deep = "format: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let problem = try #require(onlyProblem(deep))
        #expect(problem.hasPrefix("test.yaml:1:"))
        #expect(problem.contains("Maximum nesting level reached"))
        #expect(problem.hasSuffix("[yaml-syntax]"))
    }

    @Test("aliases are refused, so a 'billion laughs' document is never expanded")
    func billionLaughs() {
        var yaml = "format: wangge/ordinance-profile/1\nlevels: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            let refs = Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ")
            yaml += "grids: &a\(i) [\(refs)]\n".replacingOccurrences(of: "grids", with: "k\(i)")
        }
        yaml += "roles: *a9\n"
        let result = load(yaml)
        #expect(result.profile == nil)
        #expect(result.diagnostics.contains {
            $0.description == "test.yaml:2:9: error: levels: YAML anchors and aliases (&a0, *a0) are not allowed in a profile; write the value out where it applies [no-anchors]"
        })
        // The alias has the anchored node's place: where &a9 was defined.
        #expect(result.diagnostics.contains {
            $0.description == "test.yaml:11:5: error: roles: YAML anchors and aliases (&a9, *a9) are not allowed in a profile; write the value out where it applies [no-anchors]"
        })
        #expect(result.diagnostics.contains {
            $0.description.hasPrefix("test.yaml:3:1: error: the profile: unknown key 'k1'")
        })
    }

    @Test("YAML syntax errors point where libyaml stopped")
    func syntaxError() {
        let yaml = minimal(replacing: "  tenant: testcity", with: "  tenant: [testcity")
        #expect(onlyProblem(yaml) == "test.yaml:5:8: error: did not find expected ',' or ']' (while parsing a flow sequence at line 4, column 11) [yaml-syntax]")
    }

    @Test("a tab used for indentation")
    func tabIndentation() {
        let yaml = minimal(replacing: "  tenant: testcity", with: "\ttenant: testcity")
        #expect(onlyProblem(yaml) == "test.yaml:4:1: error: found character that cannot start any token (while scanning for the next token at line 4, column 1) [yaml-syntax]")
    }

    @Test("a key given twice in one mapping")
    func duplicateKey() {
        let yaml = minimal(replacing: "  tenant: testcity", with: "  tenant: testcity\n  tenant: other")
        #expect(onlyProblem(yaml) == "test.yaml:4:3: error: key 'tenant' appears more than once in the same mapping [duplicate-key]")
    }

    @Test("two documents in one file")
    func twoDocuments() {
        let yaml = minimalProfile + "---\nformat: other\n"
        #expect(onlyProblem(yaml) == "test.yaml:76:1: error: but found another document (expected a single document in the stream at line 1, column 1) [single-document]")
    }

    @Test("an unreadable path is reported, not thrown")
    func missingFile() {
        let result = ProfileLoader.load(contentsOf: URL(fileURLWithPath: "/nonexistent/2023-01-01.yaml"), file: "x.yaml")
        #expect(result.diagnostics.map(\.rule) == [.fileUnreadable])
    }
}
