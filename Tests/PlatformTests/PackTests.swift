import Foundation
import Testing
import Ordinance
import Platform

/// Language and calendar packs: what a city or province varies beyond its ordinance is a
/// folder dropped into `plugins/`, never a rebuild.
@Suite("Language and calendar packs")
struct PackTests {
    static let shipped = ordinances.deletingLastPathComponent().appendingPathComponent("plugins")
    /// A fictional county publishing in Chinese and Uyghur (Tests/Fixtures/ugtest).
    static let uyghurCounty = ordinances.deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/ugtest")

    /// A scratch copy of the shipped plugins, without the packs named, and a deployment using it.
    static func scratch(without removed: [String] = []) throws -> (plugins: URL, deployment: Deployment, root: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-packs-\(UUID())")
        let plugins = root.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: shipped, to: plugins)
        for name in removed { try FileManager.default.removeItem(at: plugins.appendingPathComponent(name)) }
        return (plugins, try Deployment(folder: root.appendingPathComponent("deployment"), plugins: plugins), root)
    }

    @Test("the shipped packs load without errors: zh, bo and ug (right to left, marked for review); the national calendar and two regional ones")
    func shippedPacks() {
        let shelf = PackShelf.load(folder: Self.shipped)
        #expect(shelf.diagnostics.isEmpty, "\(shelf.diagnostics)")
        #expect(shelf.languages.keys.sorted() == ["bo", "ug", "zh"])
        #expect(shelf.languages["ug"]?.direction == .rtl && shelf.languages["ug"]?.review != nil)
        #expect(shelf.languages["zh"]?.review == nil && shelf.languages["zh"]?.console != nil)
        let national = shelf.nationalCalendar().calendar
        #expect(national?.years == [2022, 2023, 2024, 2025, 2026] && national?.provisional.map(\.year) == [2027])
        // Each day carries the notice that sets it.
        #expect(national?.holidays.allSatisfy { $0.source?.contains("国务院办公厅") == true } == true)
        #expect(shelf.calendars["calendar-xinjiang"]?.regional.years == [2022, 2023, 2025])
    }

    @Test("a language pack dropped into plugins/ lets a profile in that language check, onboard and publish, with no rebuild or restart")
    func droppedLanguagePack() async throws {
        let (plugins, deployment, root) = try Self.scratch(without: ["lang-ug"])
        defer { try? FileManager.default.removeItem(at: root) }
        // Without the pack: check and onboarding refuse, naming the language, the pack to add and its words.
        let check = ProfileLibrary.check(paths: [Self.uyghurCounty.path], packs: PackShelf.load(folder: plugins))
        let missing = try #require(check.diagnostics.first { $0.rule == .missingPack && $0.severity == .error })
        #expect(missing.description.contains("2025-01-01.yaml:6:14") && missing.message.contains("no language pack provides 'ug'"))
        #expect(missing.message.contains("lang-ug/") && missing.message.contains("receipt_keep") && missing.message.contains("workdays"))
        #expect(missing.article?.contains("第二条") == true)
        let refused = refusal { _ = try deployment.onboard(key: "ugtest", profileFolder: Self.uyghurCounty, on: Day("2025-06-01")!) }
        #expect(refused.contains { $0.contains("[missing-pack]") && $0.contains("'ug'") }, "\(refused)")
        #expect(try deployment.tenants().isEmpty)

        // Dropped in while the deployment is in use: seen within seconds.
        try FileManager.default.copyItem(at: Self.shipped.appendingPathComponent("lang-ug"), to: plugins.appendingPathComponent("lang-ug"))
        try await Task.sleep(for: .milliseconds(2100))
        _ = try deployment.onboard(key: "ugtest", profileFolder: Self.uyghurCounty, on: Day("2025-06-01")!)
        let tenant = try deployment.open("ugtest")
        defer { try? tenant.close() }
        let publication = try tenant.catalogue.preview(on: Day("2025-06-01")!)
        let uyghur = try #require(publication.editions.first { $0.language == "ug" })
        #expect(uyghur.heading == "مىسال ناھىيىسى تور شەكىللىك مۇلازىمەت ۋە باشقۇرۇش ئىشلىرى تىزىملىكى")
        #expect(uyghur.items.first?.timeLimit == "2 خىزمەت كۈنى")
        #expect(uyghur.date == "2025-يىلى 6-ئاينىڭ 1-كۈنى")
        // The citation in the pack's words, after the title's translation.
        #expect(uyghur.basis?.hasSuffix("7-ماددا") == true)
    }

    @Test("a pack's words are checked with file:line:column: missing words named, placeholders kept, unknown words refused")
    func brokenLanguagePack() throws {
        let (plugins, _, root) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let words = plugins.appendingPathComponent("lang-ug/words.yaml")
        var text = try String(contentsOf: words, encoding: .utf8)
        text = text.replacingOccurrences(of: "  home: باش بەت\n", with: "  hom: باش بەت\n")
            .replacingOccurrences(of: "edition: \"{n}-نەشرى\"", with: "edition: نەشرى")
        try text.write(to: words, atomically: true, encoding: .utf8)
        let shelf = PackShelf.load(folder: plugins)
        let problems = shelf.diagnostics.map(\.description)
        #expect(problems.contains { $0.contains("lang-ug/words.yaml:") && $0.contains("publication.edition") && $0.contains("must keep {n}") })
        #expect(problems.contains { $0.contains("unknown key 'hom'") && $0.contains("did you mean 'home'") })
        #expect(problems.contains { $0.contains("1 word for the public pages is missing: home") })
        #expect(shelf.languages["ug"] == nil)
        // A profile needing it is told why the pack is not used.
        let check = ProfileLibrary.check(paths: [Self.uyghurCounty.path], packs: shelf)
        #expect(check.diagnostics.contains { $0.message.contains("the language pack for 'ug' has errors") })
    }

    @Test("adding next year's State Council notice is adding a file; a bad year file is named and keeps every tenant closed rather than counting wrongly")
    func calendarYearFile() async throws {
        let (plugins, deployment, root) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try deployment.onboard(key: "yongzhou", profileFolder: ordinances.appendingPathComponent("yongzhou"), on: day)
        #expect(deployment.nationalCalendarHorizon()?.lastDay == Day("2027-12-31"))
        let year = plugins.appendingPathComponent("calendar-cn/years/2028.yaml")
        try """
        format: wangge/calendar-year/1
        year: 2028
        source: 国务院办公厅关于2028年部分节假日安排的通知（测试用）
        holidays:
          - {name: 元旦, from: 2028-01-01, to: 2028-01-03}
        """.write(to: year, atomically: true, encoding: .utf8)
        let shelf = PackShelf.load(folder: plugins)
        #expect(shelf.nationalCalendar().calendar?.years.contains(2028) == true)
        #expect(shelf.nationalCalendar().calendar?.holidays.last?.source == "国务院办公厅关于2028年部分节假日安排的通知（测试用）")

        try """
        format: wangge/calendar-year/1
        year: 2028
        source: 国务院办公厅关于2028年部分节假日安排的通知（测试用）
        holidays:
          - {name: 元旦, from: 2029-03-01, to: 2029-03-03}
        """.write(to: year, atomically: true, encoding: .utf8)
        let broken = PackShelf.load(folder: plugins)
        #expect(broken.diagnostics.contains { $0.description.contains("calendar-cn/years/2028.yaml:4:") && $0.message.contains("is not in 2028") })
        #expect(broken.nationalCalendar().calendar == nil)
        // The running deployment sees the change within seconds: its tenants are unavailable, saying why.
        try await Task.sleep(for: .milliseconds(2100))
        let refused = refusal { _ = try deployment.open("yongzhou") }
        #expect(refused.contains { $0.contains("[national-calendar]") && $0.contains("2028.yaml") }, "\(refused)")
    }

    @Test("a regional calendar pack named by a profile fills in its holidays; a pack that is not there is an error at the place that names it")
    func regionalPack() throws {
        let shelf = PackShelf.load(folder: Self.shipped)
        let profile = try #require(TenantProfiles(folder: Self.uyghurCounty, packs: shelf).versions.first)
        let regional = try #require(shelf.resolved(profile.calendar).regional)
        #expect(regional.name.contains("古尔邦节") && regional.years == [2022, 2023, 2025])
        #expect(regional.holidays.contains { $0.name == "古尔邦节" && $0.from == Day("2025-06-06") && $0.source?.contains("2025年") == true })
        var calendar = profile.calendar
        calendar.regional?.pack = "calendar-qinghai"
        var edited = profile
        edited.calendar = calendar
        let problems = shelf.requirements(of: edited)
        #expect(problems.contains { $0.message.contains("no calendar pack 'calendar-qinghai'") && $0.message.contains("calendar-xinjiang, calendar-xizang") })
    }

    @Test("every word a template or page asks for is one a language pack is required to give")
    func wordsInUse() throws {
        let sources = ordinances.deletingLastPathComponent().appendingPathComponent("Sources/HTTPAPI")
        let known = Set(LanguagePack.Keys.pages + LanguagePack.Keys.console + ["language_name"])
        var used: Set<String> = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where file.pathExtension == "mustache" || file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            let pattern = file.pathExtension == "mustache" ? #"words\.([a-z_0-9]+)"# : #"words\["([a-z_0-9]+)"\]"#
            let regex = try NSRegularExpression(pattern: pattern)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { used.insert(String(text[range])) }
            }
        }
        #expect(used.count > 100)
        #expect(used.subtracting(known).sorted() == [], "words used but not required of a pack")
    }
}
