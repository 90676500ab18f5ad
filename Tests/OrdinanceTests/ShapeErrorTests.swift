import Testing
@testable import Ordinance

/// Profiles that are YAML but not of the profile format: each problem names its place,
/// the path of the value, and what was expected.
@Suite("Shape of a profile")
struct ShapeErrorTests {
    @Test("an unknown key, with the key probably meant")
    func unknownKey() {
        let yaml = minimal(replacing: "  articles: 10", with: "  articles: 10\n  artcles: 10")
        #expect(onlyProblem(yaml) == "test.yaml:9:3: error: ordinance: unknown key 'artcles'; did you mean 'articles'? (allowed here: tenant, title, city, division_code, articles, adopted, approved, effective, art, status, decision, amends, source, gaps) [unknown-key]")
    }

    @Test("a missing required key is reported at the mapping that lacks it")
    func missingKey() {
        let yaml = minimal(replacing: "  effective: 2023-11-01\n", with: "")
        #expect(onlyProblem(yaml) == "test.yaml:4:3: error: ordinance: missing required key 'effective' [missing-key]")
    }

    @Test("a rule without its article")
    func missingArticle() {
        let yaml = minimal(replacing: "  - {code: police, name: {zh: 公安, bo: སྤྱི་བདེ།}, art: 第六条}",
                           with: "  - {code: police, name: {zh: 公安, bo: སྤྱི་བདེ།}}")
        #expect(onlyProblem(yaml) == "test.yaml:31:5: error: departments[0]: missing required key 'art' [missing-key]")
    }

    @Test("wrong types: text for a number, a scalar for a list")
    func wrongTypes() {
        #expect(onlyProblem(minimal(replacing: "  articles: 10", with: "  articles: ten"))
            == "test.yaml:8:13: error: ordinance.articles: expected a whole number, found 'ten' [wrong-type]")
        #expect(onlyProblem(minimal(replacing: "  compiled_by: [city]", with: "  compiled_by: city"))
            == "test.yaml:33:16: error: catalogue.compiled_by: expected a list, found a scalar [wrong-type]")
        #expect(onlyProblem(minimal(replacing: "format: wangge/ordinance-profile/1", with: "format: {v: 1}"))
            == "test.yaml:1:9: error: format: expected text, found a mapping [wrong-type]")
    }

    @Test("a date that does not exist")
    func badDate() {
        #expect(onlyProblem(minimal(replacing: "effective: 2023-11-01", with: "effective: 2023-02-30"))
            == "test.yaml:11:14: error: ordinance.effective: '2023-02-30' is not a date: write YYYY-MM-DD [invalid-value]")
    }

    @Test("a duration in an unknown unit")
    func badDuration() {
        #expect(onlyProblem(minimal(replacing: "time_limit: 4 workhours", with: "time_limit: 4 fortnights"))
            == "test.yaml:57:19: error: workflow.steps[1].time_limit: '4 fortnights' is not a duration: write a whole number and a unit, e.g. 24h, 4 workhours, 2 workdays, 5 days [invalid-value]")
    }

    @Test("an article citation that is not one, or is beyond the last article")
    func badArticle() {
        #expect(onlyProblem(minimal(replacing: "    art: 第四条\n  art: 第四条", with: "    art: 第四条\n  art: 四"))
            == "test.yaml:25:8: error: grids.art: '四' is not an article citation: write it as in the text, e.g. 第十七条 or 第十六条第二款 [invalid-value]")
        #expect(onlyProblem(minimal(replacing: "    art: 第四条\n  art: 第四条", with: "    art: 第四条\n  art: 第十一条"))
            == "test.yaml:25:8: error: grids.art: 第十一条 is beyond the last article of the ordinance (it has 10) [undefined-reference]")
    }

    @Test("a step kind the kernel does not know")
    func unknownStepKind() {
        #expect(onlyProblem(minimal(replacing: "      kind: accept", with: "      kind: approve"))
            == "test.yaml:54:13: error: workflow.steps[1].kind: 'approve' is not one of: report, resolve_on_site, accept, reject, dispatch, escalate, handle, feed_back, verify, close, return, triage, refer, meeting, rate, review [invalid-value]")
    }

    @Test("unquoted yes is only a warning: the profile still loads")
    func yamlBoolean() throws {
        let result = load(minimal(replacing: "adopted: {by: 测试市人大常委会", with: "adopted: {by: yes"))
        #expect(result.profile != nil)
        #expect(result.diagnostics.map(\.description) == [
            "test.yaml:9:17: warning: ordinance.adopted.by: quote 'yes': YAML 1.1 tools read it as a boolean [ambiguous-scalar]",
        ])
    }

    @Test("a key such as 'on' is flagged: YAML 1.1 tools read it as true")
    func yamlBooleanKey() {
        let result = load(minimal(replacing: "date: 2023-08-31", with: "on: 2023-08-31"))
        #expect(result.diagnostics.map(\.description) == [
            "test.yaml:9:12: error: ordinance.adopted: missing required key 'date' [missing-key]",
            "test.yaml:9:27: warning: ordinance.adopted: key 'on' is read as a boolean by YAML 1.1 tools; quote it [ambiguous-scalar]",
            "test.yaml:9:27: error: ordinance.adopted: unknown key 'on' (allowed here: by, date) [unknown-key]",
        ])
    }

    @Test("merge keys are refused like aliases")
    func mergeKey() {
        #expect(onlyProblem(minimal(replacing: "  articles: 10", with: "  articles: 10\n  <<: {x: 1}"))
            == "test.yaml:9:3: error: ordinance: merge keys (<<) are not allowed in a profile; write the keys out [no-anchors]")
    }

    @Test("a publication language that is not a language tag")
    func badLanguage() {
        #expect(onlyProblem(minimal(replacing: "languages: [zh, bo]", with: "languages: [zh, Tibetan]"))
            == "test.yaml:2:31: error: publication.languages[1]: 'Tibetan' is not a language tag such as zh, bo or ug [invalid-value]")
    }

    @Test("an unsupported format version")
    func badFormat() {
        #expect(onlyProblem(minimal(replacing: "format: wangge/ordinance-profile/1", with: "format: wangge/ordinance-profile/9"))
            == "test.yaml:1:9: error: format: unsupported format 'wangge/ordinance-profile/9'; this version of Wangge reads 'wangge/ordinance-profile/1' [invalid-value]")
    }
}
