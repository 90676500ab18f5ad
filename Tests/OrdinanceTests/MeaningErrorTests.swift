import Testing
@testable import Ordinance

/// Profiles that are well formed but say something the platform cannot run, or that
/// the law forbids. Rules that come from the law quote the article.
@Suite("Meaning of a profile")
struct MeaningErrorTests {
    @Test("a name used but never defined: level, role, department, step")
    func undefinedReferences() {
        #expect(onlyProblem(minimal(replacing: "divided_by: {level: township", with: "divided_by: {level: town"))
            == "test.yaml:19:23: error: grids.divided_by.level: no level 'town' is defined (defined: city, grid, township) [undefined-reference]")
        #expect(onlyProblem(minimal(replacing: "actor: {role: worker}", with: "actor: {role: wroker}"))
            == "test.yaml:49:21: error: workflow.steps[0].actor.role: no role 'wroker' is defined (defined: handler, staff, worker) [undefined-reference]")
        #expect(onlyProblem(minimal(replacing: "department: police, time_limit", with: "department: fire, time_limit"))
            == "test.yaml:41:78: error: catalogue.items[0].department: no department 'fire' is defined (defined: police) [undefined-reference]")
        #expect(onlyProblem(minimal(replacing: "next: [close]", with: "next: [closed]"))
            == "test.yaml:66:14: error: workflow.steps[2].next[0]: no step 'closed' is defined (defined: accept, close, handle, report) [undefined-reference]")
    }

    @Test("the same item code twice")
    func duplicateItemCode() {
        let second = "    - {code: T-01, name: {zh: 隐患二, bo: ཉེན་ཁ།}, category: safety, department: police, time_limit: 2 workdays, art: 第七条}\n"
        let yaml = minimal(replacing: "  art: 第七条\nworkflow:", with: second + "  art: 第七条\nworkflow:")
        #expect(onlyProblem(yaml) == "test.yaml:42:7: error: item code 'T-01' is defined twice (first at line 41) [duplicate-code]")
    }

    @Test("an item in a category the law keeps out of the catalogue")
    func forbiddenCategory() {
        #expect(onlyProblem(minimal(replacing: "category: safety, department", with: "category: penalty, department"))
            == "test.yaml:41:58: error: catalogue.items[0].category: 'penalty' (行政处罚) may never enter the catalogue [forbidden-category] — 测试条例 第七条")
    }

    @Test("public text missing in a publication language, as a mapping or as plain text")
    func missingTranslation() {
        let expected = "test.yaml:31:26: error: departments[0].name: no 'bo' text for '公安'; public text must be in every publication language (zh, bo) [missing-translation] — 测试条例 第二条"
        #expect(onlyProblem(minimal(replacing: "{zh: 公安, bo: སྤྱི་བདེ།}", with: "{zh: 公安}")) == expected)
        #expect(onlyProblem(minimal(replacing: "{zh: 公安, bo: སྤྱི་བདེ།}", with: "公安")) == expected)
    }

    @Test("a step no case can reach")
    func unreachableStep() {
        #expect(onlyProblem(minimal(replacing: "      next: [handle]\n", with: "      next: [close]\n"))
            == "test.yaml:61:7: error: workflow.steps[2]: step 'handle' cannot be reached from 'report' [unreachable-step] — 测试条例 第八条")
    }

    @Test("a workflow with no step that ends a case")
    func noTerminalStep() {
        let yaml = minimal(replacing: "      kind: close\n", with: "      kind: verify\n      on_fail: handle\n")
        #expect(onlyProblem(yaml) == "test.yaml:44:3: error: workflow: no step ends a case; add a step of kind close (or reject) [no-terminal-step] — 测试条例 第八条")
    }

    @Test("a loop with no way out: every step in it is reported, and the end it cut off")
    func stepCannotFinish() {
        let result = load(minimal(replacing: "      next: [close]\n", with: "      next: [accept]\n"))
        #expect(result.profile == nil)
        #expect(result.diagnostics.map(\.description) == [
            "test.yaml:46:7: error: workflow.steps[0]: from step 'report' no path leads to a step that ends the case [step-cannot-finish] — 测试条例 第八条",
            "test.yaml:53:7: error: workflow.steps[1]: from step 'accept' (reached by report → accept) no path leads to a step that ends the case [step-cannot-finish] — 测试条例 第八条",
            "test.yaml:61:7: error: workflow.steps[2]: from step 'handle' (reached by report → accept → handle) no path leads to a step that ends the case [step-cannot-finish] — 测试条例 第八条",
            "test.yaml:68:7: error: workflow.steps[3]: step 'close' cannot be reached from 'report' [unreachable-step] — 测试条例 第八条",
        ])
    }

    @Test("a deadline that closes its step must say how the case goes on; only a step needing no input may be deemed taken")
    func deadlines() {
        let closes = load(minimal(replacing: "      next: [handle]\n      art: 第八条\n", with: """
                  next: [handle]
                  deadline: {late: closes, actions: [supervise], local: 本市实施办法}
                  art: 第八条

            """))
        #expect(closes.diagnostics.map(\.description).contains { $0.contains("the deadline closes step 'accept', so it must say how the case goes on") })
        let deemHandle = load(minimal(replacing: "      next: [handle]\n      art: 第八条\n", with: """
                  next: [handle]
                  deadline: {late: closes, actions: [{deem: handle}], local: 本市实施办法}
                  art: 第八条

            """))
        #expect(deemHandle.diagnostics.map(\.description).contains { $0.contains("'handle' is a handle step, which needs what its actor supplies") })
        let deemAccept = load(minimal(replacing: "      next: [handle]\n      art: 第八条\n", with: """
                  next: [handle]
                  deadline: {late: closes, actions: [supervise, {deem: accept}], local: 本市实施办法}
                  art: 第八条

            """))
        #expect(deemAccept.diagnostics.map(\.description) == [])
    }

    @Test("a step without an actor")
    func missingActor() {
        #expect(onlyProblem(minimal(replacing: "      actor: {role: handler}\n", with: ""))
            == "test.yaml:61:7: error: workflow.steps[2]: step 'handle' names no actor; say which role acts, at which level [missing-actor] — 测试条例 第八条")
    }

    @Test("an actor at a level where its role does not exist, or at no level when it needs one")
    func actorLevel() {
        #expect(onlyProblem(minimal(replacing: "actor: {role: staff, level: township}\n      time_limit", with: "actor: {role: staff, level: grid}\n      time_limit"))
            == "test.yaml:56:14: error: workflow.steps[1].actor: role 'staff' is not held at level 'grid' (held at: city, township) [actor-level] — 测试条例 第五条")
        #expect(onlyProblem(minimal(replacing: "actor: {role: staff, level: township}\n      time_limit", with: "actor: {role: staff}\n      time_limit"))
            == "test.yaml:56:14: error: workflow.steps[1].actor: role 'staff' is held at several levels (city, township); say which with 'level' [actor-level] — 测试条例 第五条")
    }

    @Test("catalogue applications are decided by a named role held where the catalogue is compiled")
    func catalogueDecider() {
        #expect(onlyProblem(minimal(replacing: "decided_by: {level: same, role: staff, art", with: "decided_by: {level: same, art"))
            == "test.yaml:34:43: error: catalogue.admission.decided_by: 'decided_by' needs 'role': the role whose holders approve or refuse applications [missing-key]")
        #expect(onlyProblem(minimal(replacing: "decided_by: {level: same, role: staff, art", with: "decided_by: {level: same, role: worker, art"))
            == "test.yaml:34:43: error: catalogue.admission.decided_by: role 'worker' is not held at level 'city' (held at: grid) [actor-level] — 测试条例 第七条")
    }

    @Test("a step any of several roles may act: each role is checked")
    func severalRoles() {
        #expect(load(minimal(replacing: "actor: {role: worker}", with: "actor: {role: [worker, handler]}")).diagnostics == [])
        #expect(onlyProblem(minimal(replacing: "actor: {role: worker}", with: "actor: {role: [worker, chief]}"))
            == "test.yaml:49:30: error: workflow.steps[0].actor.role[1]: no role 'chief' is defined (defined: handler, staff, worker) [undefined-reference]")
    }

    @Test("time limits of zero or less, on a step and on an item")
    func nonPositiveTimeLimit() {
        #expect(onlyProblem(minimal(replacing: "time_limit: 4 workhours", with: "time_limit: 0 workhours"))
            == "test.yaml:57:19: error: workflow.steps[1].time_limit: time limit '0 workhours' must be longer than zero [non-positive-time-limit] — 测试条例 第八条")
        #expect(onlyProblem(minimal(replacing: "time_limit: 2 workdays", with: "time_limit: -1 days"))
            == "test.yaml:41:98: error: catalogue.items[0].time_limit: time limit '-1 days' must be longer than zero [non-positive-time-limit] — 测试条例 第七条")
    }

    @Test("approval before adoption")
    func datesOutOfOrder() {
        #expect(onlyProblem(minimal(replacing: "date: 2023-09-22", with: "date: 2023-07-22"))
            == "test.yaml:10:13: error: ordinance.approved (2023-07-22) comes before ordinance.adopted (2023-08-31) [dates-out-of-order]")
    }

    @Test("options that do not fit a step's kind")
    func stepOptions() {
        #expect(onlyProblem(minimal(replacing: "      time_limit: item\n", with: "      time_limit: item\n      on_site: true\n"))
            == "test.yaml:66:7: error: workflow.steps[2]: 'on_site' applies to steps of kind verify, not handle [step-option]")
    }

    @Test("every problem of a profile in one run, in file order")
    func allProblemsAtOnce() {
        var yaml = minimal(replacing: "  articles: 10", with: "  artcles: 10")
        yaml = yaml.replacingOccurrences(of: "department: police, time_limit", with: "department: fire, time_limit")
        yaml = yaml.replacingOccurrences(of: "time_limit: 4 workhours", with: "time_limit: 0 workhours")
        yaml = yaml.replacingOccurrences(of: "{zh: 公安, bo: སྤྱི་བདེ།}", with: "{zh: 公安}")
        let result = load(yaml)
        #expect(result.profile == nil)
        #expect(result.diagnostics.map(\.rule) == [
            .missingKey, .unknownKey, .missingTranslation, .undefinedReference, .nonPositiveTimeLimit,
        ])
        #expect(result.diagnostics.map(\.position.line) == [4, 8, 31, 41, 57])
    }

    @Test("a time limit the text does not set is marked local with its source; one it sets cites the article; unmarked, it is refused")
    func unmarkedValue() {
        #expect(onlyProblem(minimal(replacing: "      time_limit_source: {local: 本市实施办法}\n", with: ""))
            == "test.yaml:57:19: error: workflow.steps[1].time_limit: say where 4 workhours comes from — time_limit_source: {art: <the article that sets it>}, or {local: <its source>} where the text only says 及时 [unmarked-value]")
        #expect(onlyProblem(minimal(replacing: "time_limit_source: {local: 本市实施办法}", with: "time_limit_source: {local: 本市实施办法, art: 第八条}"))?
            .contains("give either 'art' (the article that sets the value) or 'local' (its source), not both or neither [invalid-value]") == true)
        #expect(onlyProblem(minimal(replacing: "time_limit_source: {local: 本市实施办法}", with: "time_limit_source: {local: \"\"}"))?
            .contains("a local value names its source") == true)
        let marked = load(minimal(replacing: "time_limit_source: {local: 本市实施办法}", with: "time_limit_source: {art: 第八条}")).profile
        #expect(marked?.step("accept")?.timeLimitSource == .law(Article("第八条")!))
        #expect(load(minimalProfile).profile?.step("accept")?.timeLimitSource?.isLocal == true)
    }

    @Test("a step of local procedure gives its source instead of an article, and cannot give both")
    func localProcedure() {
        let local = load(minimal(replacing: "      time_limit: item\n", with: "      time_limit: item\n      reading: 读作承办\n")).profile
        #expect(local?.step("handle")?.basis(citing: { $0?.text }) == "第八条（解读：读作承办）")
        #expect(onlyProblem(minimal(replacing: "      time_limit: item\n", with: "      time_limit: item\n      local: 本地工作规程\n"))?
            .contains("a step of local procedure cites no article; the article goes in 'local' as part of its source [step-option]") == true)
    }

    @Test("a level below the grid's is 微网格 declared as sub_grids, or an error: its units would have none of the grid's data")
    func levelBelowGrids() {
        let below = "  - {key: grid, name: {zh: 网格, bo: དྲ་མིག}, art: 第三条}\n  - {key: micro, name: {zh: 微网格, bo: དྲ་མིག་ཆུང་བ།}, art: 第四条}"
        let undeclared = minimal(replacing: "  - {key: grid, name: {zh: 网格, bo: དྲ་མིག}, art: 第三条}", with: below)
        #expect(onlyProblem(undeclared)?.contains("grids.level: 'grid' must be the lowest level of the hierarchy ('micro'); a level below grids is declared as grids.sub_grids") == true)
        let declared = undeclared.replacingOccurrences(of: "grids:\n  level: grid\n", with: "grids:\n  level: grid\n  sub_grids: {level: micro, size: [{min: 10, max: 50, art: 第四条}], code: {digits: 2, art: 第四条}, art: 第四条}\n")
        let loaded = load(declared)
        #expect(loaded.diagnostics.map(\.description) == [])
        #expect(loaded.profile?.grids.subGrids?.codeDigits == 2 && loaded.profile?.grids.subGrids?.sizeRules.first?.range == 10...50)
        // The sub-grid level must be the lowest, right below the grid's.
        let misplaced = minimal(replacing: "grids:\n  level: grid\n", with: "grids:\n  level: grid\n  sub_grids: {level: township, art: 第四条}\n")
        #expect(onlyProblem(misplaced)?.contains("grids.sub_grids.level: 'township' must be the lowest level, right below the grid's ('grid')") == true)
    }
}
