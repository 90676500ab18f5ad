import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// Each city's workflow, run through its real profile.
@Suite("Case workflows of the five cities")
struct CaseFlowTests {
    @Test("Lhasa: resolved on the spot when possible (第十七条)")
    func lhasaOnTheSpot() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let c = try await lhasa.cases.report(item: "LS-04", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00"))
        #expect(c.pending.map(\.key) == ["resolve_on_site", "accept"])
        #expect(show(c.state.dueAt) == "2025-06-03 16:30")  // accept within 4 workhours: 3 before the 13:00 break, 1 from 15:30
        _ = try await lhasa.cases.act(c.state.id, .resolveOnSite(note: "当场调解"), as: "LS-0003", at: time("2025-06-03 10:30"))
        let closed = try await lhasa.cases.act(c.state.id, .close(note: nil), as: "LS-0006", at: time("2025-06-03 11:00"))
        #expect(closed.state.status == .closed)
    }

    @Test("Lhasa: report, accept, route, handle, feed back to the citizen, verify on site within 24 hours (第十七条、第二十五条)")
    func lhasaFullFlow() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        #expect(id == "lhasa-2025-000001")
        _ = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 11:00"))
        let dispatched = try await lhasa.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "LS-0006", at: time("2025-06-03 11:30"))
        #expect(dispatched.pending.map(\.key) == ["handle"])
        #expect(show(dispatched.state.dueAt) == "2025-06-05 18:00")  // item LS-06: 2 workdays
        _ = try await lhasa.cases.act(id, .handle(unit: "public-security", result: "已排除隐患"), as: "LS-0007", at: time("2025-06-04 10:00"))
        let fedBack = try await lhasa.cases.act(id, .feedBack(note: "已告知张三"), as: "LS-0003", at: time("2025-06-04 16:00"))
        #expect(fedBack.pending.map(\.key) == ["verify"])
        // 需要现场核实的: the check is optional, so its 24 hours run on their own and set no due time for the case.
        #expect(fedBack.state.dueAt == nil)
        let verified = try await lhasa.cases.act(id, .verify(passed: true, note: "现场核实"), as: "LS-0003", at: time("2025-06-05 09:00"))
        #expect(try lhasa.cases.view(id).history?.last?.late == nil)  // within 24 hours
        #expect(verified.pending.map(\.key) == ["close"])
        let closed = try await lhasa.cases.act(id, .close(note: nil), as: "LS-0006", at: time("2025-06-05 10:00"))
        #expect(closed.state.status == .closed)
        let history = try lhasa.cases.view(id).history ?? []
        #expect(history.map(\.kind) == ["report", "accept", "dispatch", "handle", "feed_back", "verify", "close"])
        #expect(history[5].article == "拉萨市网格化服务管理条例 第十七条第二款")
    }

    @Test("Lhasa: where no on-site check is needed (需要现场核实的), the worker skips it with the reason and the case goes on to close (第十七条第二款)")
    func lhasaSkipCheck() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 11:00"))
        _ = try await lhasa.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "LS-0006", at: time("2025-06-03 11:30"))
        #expect(await refusal { _ = try await lhasa.cases.act(id, .skip(step: "handle", reason: "不需要"), as: "LS-0007") }
            .first?.contains("[step-required]") == true)
        _ = try await lhasa.cases.act(id, .handle(unit: "public-security", result: "已电话答复"), as: "LS-0007", at: time("2025-06-04 10:00"))
        _ = try await lhasa.cases.act(id, .feedBack(note: "已告知"), as: "LS-0003", at: time("2025-06-04 16:00"))
        #expect(await refusal { _ = try await lhasa.cases.act(id, .skip(step: "verify", reason: " "), as: "LS-0003") }
            .first?.contains("[skip-reason]") == true)
        let skipped = try await lhasa.cases.act(id, .skip(step: "verify", reason: "政策咨询类事项，无需现场核实"), as: "LS-0003", at: time("2025-06-04 17:00"))
        #expect(skipped.pending.map(\.key) == ["close"])
        let event = try #require(try lhasa.cases.view(id).history?.last)
        #expect(event.kind == "skip" && event.step == "verify" && event.article == "拉萨市网格化服务管理条例 第十七条第二款")
    }

    @Test("Lhasa: the reporter's receipt says a skipped check was not needed, rather than showing it as done")
    func receiptShowsSkip() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "platform", reporter: Reporter(channel: .platform),
                                              receipt: "receipt-token-0001", at: time("2025-06-03 10:00")).state.id
        _ = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 11:00"))
        _ = try await lhasa.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "LS-0006", at: time("2025-06-03 11:30"))
        _ = try await lhasa.cases.act(id, .handle(unit: "public-security", result: "已处理"), as: "LS-0007", at: time("2025-06-04 10:00"))
        _ = try await lhasa.cases.act(id, .feedBack(note: "已告知"), as: "LS-0003", at: time("2025-06-04 16:00"))
        _ = try await lhasa.cases.act(id, .skip(step: "verify", reason: "无需现场核实"), as: "LS-0003", at: time("2025-06-04 17:00"))
        let steps = try lhasa.publication.receipt("receipt-token-0001", in: "zh").done.map(\.name)
        #expect(steps.last == "无需此环节：现场核实")
        #expect(try lhasa.publication.receipt("receipt-token-0001", in: "bo").done.last?.name.hasPrefix("无需此环节：") == true)
    }

    @Test("Lhasa: a failed on-site check returns the case to handling; a check after 24 hours is recorded as late and the case goes on (第十七条第二款)")
    func lhasaVerification() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 11:00"))
        _ = try await lhasa.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "LS-0006", at: time("2025-06-03 11:30"))
        _ = try await lhasa.cases.act(id, .handle(unit: "public-security", result: "已处理"), as: "LS-0007", at: time("2025-06-04 10:00"))
        _ = try await lhasa.cases.act(id, .feedBack(note: "已告知"), as: "LS-0003", at: time("2025-06-04 16:00"))
        let failed = try await lhasa.cases.act(id, .verify(passed: false, note: "隐患仍在"), as: "LS-0003", at: time("2025-06-05 09:00"))
        #expect(failed.pending.map(\.key) == ["handle"])
        _ = try await lhasa.cases.act(id, .handle(unit: "public-security", result: "复查整改"), as: "LS-0007", at: time("2025-06-05 15:00"))
        _ = try await lhasa.cases.act(id, .feedBack(note: "再次告知"), as: "LS-0003", at: time("2025-06-05 16:00"))
        // The check made after its 24 hours is recorded as late (18 hours), and the case can still close.
        let verified = try await lhasa.cases.act(id, .verify(passed: true, note: "现场核实"), as: "LS-0003", at: time("2025-06-07 10:00"))
        #expect(verified.pending.map(\.key) == ["close"])
        let late = try #require(try lhasa.cases.view(id).history?.last)
        #expect(late.kind == "verify" && late.late == 18 * 3600)
        let closed = try await lhasa.cases.act(id, .close(note: nil), as: "LS-0006", at: time("2025-06-07 11:00"))
        #expect(closed.state.status == .closed)
    }

    @Test("city2023: the township dispatches; matters needing coordination go up one level at a time (第二十条)")
    func city2023Escalation() async throws {
        let city = try city("city2023")
        defer { try? city.close() }
        _ = try city.staff.addPerson(id: "CS-0010", name: "区网格中心", birthDate: nil, citizenship: nil, phone: nil, on: day)
        _ = try city.staff.appoint("CS-0010", role: "office_staff", unit: "990102", department: nil, on: day)
        let id = try await city.cases.report(item: "CS-04", grid: "990102001001001", as: "CS-0001", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try await city.cases.act(id, .accept(note: nil), as: "CS-0004", at: time("2025-06-03 10:30"))
        let escalated = try await city.cases.act(id, .escalate(note: "需区级协调"), as: "CS-0004", at: time("2025-06-03 11:00"))
        #expect(escalated.state.officeLevel == "county")
        // The township may no longer dispatch: the case sits with the county office now.
        #expect(await refusal { _ = try await city.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "CS-0004", at: time("2025-06-03 11:10")) }
            == ["吴刚 (CS-0004) is not 网格化工作机构工作人员 at 东城区, who may 分流交办 here [actor-role] — 社会治理网格化服务管理条例 第二十条第二款"])
        _ = try await city.cases.act(id, .dispatch(lead: "public-security", participants: ["civil-affairs"], note: nil), as: "CS-0010", at: time("2025-06-03 14:00"))
        _ = try await city.cases.act(id, .handle(unit: "public-security", result: "已化解"), as: "CS-0005", at: time("2025-06-04 10:00"))
        #expect(try city.cases.view(id).pending.map(\.key) == ["handle"])  // the participating unit has not reported yet
    }

    @Test("Changji: requests from units go through the platform; the result is fed back to the requester (第二十三条)")
    func changjiRequests() async throws {
        let changji = try city("changji")
        defer { try? changji.close() }
        let unit = Reporter(channel: .unit, name: "昌吉市第一中学", phone: "09942300000")
        let id = try await changji.cases.report(item: "CJ-06", grid: "652301001001001", as: "platform", reporter: unit, at: time("2025-06-03 12:00")).state.id
        _ = try await changji.cases.act(id, .accept(note: nil), as: "CJ-0005", at: time("2025-06-03 12:30"))
        _ = try await changji.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "CJ-0005", at: time("2025-06-03 13:00"))
        let handled = try await changji.cases.act(id, .handle(unit: "public-security", result: "消防通道已清理"), as: "CJ-0006", at: time("2025-06-04 11:00"))
        #expect(handled.pending.map(\.key) == ["feedback", "return_to_centre"])
        let fedBack = try await changji.cases.act(id, .feedBack(note: "已反馈昌吉市第一中学"), as: "CJ-0006", at: time("2025-06-04 12:00"))
        #expect(fedBack.pending.map(\.key) == ["close"])
        #expect(try changji.cases.view(id).state.reporter.name == "昌吉市第一中学")
    }

    @Test("Changji: the grid chief reports risks as the full-time worker does (第二十六条), and a part-time worker may report too")
    func changjiChiefReports() async throws {
        let changji = try city("changji")
        defer { try? changji.close() }
        let byChief = try await changji.cases.report(item: "CJ-05", grid: "652301001001001", as: "CJ-0001", reporter: Reporter(channel: .worker),
                                         at: time("2025-06-03 12:00"))
        #expect(byChief.pending.map(\.key) == ["accept"])
        // A part-time worker assists them (第十条第四款), and anyone may raise a request through a 网格员 (第二十三条第一款):
        // the report the law allows is not refused.
        let byPartTimer = try await changji.cases.report(item: "CJ-05", grid: "652301001001001", as: "CJ-0003", reporter: Reporter(channel: .worker),
                                                         at: time("2025-06-03 12:00"))
        #expect(byPartTimer.pending.map(\.key) == ["accept"])
    }

    @Test("Changji: a matter not in the catalogue is triaged by the township centre, not refused (第二十三条第一款, 第二十六条)")
    func changjiTriage() async throws {
        let changji = try city("changji")
        defer { try? changji.close() }
        // A resident raises, through the grid worker, a matter no catalogue item names.
        let raised = try await changji.cases.report(item: "", grid: "652301001001001", as: "CJ-0002", reporter: citizen,
                                                    note: "小区门口道路塌陷，有安全隐患", at: time("2025-06-03 10:00"))
        #expect(raised.state.status == .open)
        #expect(raised.state.item == "")
        #expect(raised.pending.map(\.key) == ["triage"])
        #expect(raised.pending.first?.localLimit == true)  // 4 workhours: a local value, the text says 及时
        // The office files it under a listed item; the case takes that item's time limit and goes on to dispatch.
        #expect(await refusal { _ = try await changji.cases.act(raised.state.id, .triage(item: "CJ-99", entry: nil, note: nil), as: "CJ-0005",
                                                               at: time("2025-06-03 11:00")) }
            == ["item CJ-99 is not in the catalogue (事项清单); file the matter under a listed item, or answer it as outside the grid's work [item-outside-catalogue] — 昌吉回族自治州城乡网格化管理服务条例 第九条第一款"])
        let filed = try await changji.cases.act(raised.state.id, .triage(item: "CJ-05", entry: nil, note: "属安全生产隐患"), as: "CJ-0005",
                                                at: time("2025-06-03 11:00"))
        #expect(filed.state.item == "CJ-05")
        #expect(filed.state.itemRevision != nil)
        #expect(filed.pending.map(\.key) == ["dispatch", "escalate"])
        let dispatched = try await changji.cases.act(raised.state.id, .dispatch(lead: "emergency-management", participants: [], note: nil),
                                                     as: "CJ-0005", at: time("2025-06-03 11:30"))
        #expect(show(dispatched.state.dueAt) == "2025-06-05 19:30")  // CJ-05: 2 workdays, to the end of the second
        let triage = try #require(changji.cases.view(raised.state.id).history?.first { $0.kind == "triage" })
        #expect(triage.article?.hasPrefix("昌吉回族自治州城乡网格化管理服务条例 第二十六条（解读：") == true)

        // An emergency outside the list (第二十六条 obliges reporting it) is not refused either; a matter
        // that is not the grid's work is answered, and the answer ends the case.
        let other = try await changji.cases.report(item: "", grid: "652301001001001", as: "CJ-0002", reporter: citizen, category: "penalty",
                                                   emergency: true, note: "要求网格员查处无证经营", at: time("2025-06-03 10:05"))
        #expect(other.pending.map(\.key) == ["triage"])
        #expect(await refusal { _ = try await changji.cases.act(other.state.id, .triage(item: nil, entry: nil, note: " "), as: "CJ-0005") }
            .first?.contains("[triage-answer]") == true)
        let answered = try await changji.cases.act(other.state.id, .triage(item: nil, entry: nil, note: "属行政执法事项，已告知向市场监管部门反映"),
                                                   as: "CJ-0005", at: time("2025-06-03 11:00"))
        #expect(answered.state.status == .answered)
        #expect(answered.pending.isEmpty)
        // Only the office triages, and a report with nothing described is refused.
        #expect(await refusal { _ = try await changji.cases.act(raised.state.id, .triage(item: "CJ-05", entry: nil, note: nil), as: "CJ-0002") }
            .first?.contains("[illegal-transition]") == true)
        #expect(await refusal { _ = try await changji.cases.report(item: "", grid: "652301001001001", as: "CJ-0002", reporter: citizen,
                                                                   at: time("2025-06-03 10:00")) }
            == ["a matter not in the catalogue (事项清单) is described in the note, for the office to triage [unlisted-matter] — 昌吉回族自治州城乡网格化管理服务条例 第二十三条第一款"])
    }

    @Test("Regional holidays from the profile, with their notices: Lhasa's 藏历新年 and Changji's 古尔邦节 are days off (全国年节及纪念日放假办法 第四条)")
    func regionalHolidays() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        // Wednesday 2025-02-26 at 17:00: accept within 4 workhours; 2025-02-27 to 03-04 is 藏历新年 (不调休).
        let losar = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-02-26 17:00"))
        #expect(show(losar.state.dueAt) == "2025-03-05 12:30")
        let changji = try city("changji")
        defer { try? changji.close() }
        // Thursday 2025-06-05 at 18:30: 古尔邦节 runs 06-06 to 06-10 (新疆维吾尔自治区人民政府办公厅 2025 notice).
        let eid = try await changji.cases.report(item: "CJ-05", grid: "652301001001001", as: "CJ-0002", reporter: citizen, at: time("2025-06-05 18:30"))
        #expect(show(eid.state.dueAt) == "2025-06-11 13:00")
    }

    @Test("A time limit that runs into a year the national calendar does not list is refused, naming the missing year; nothing is filed")
    func missingCalendarYear() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let refused = await refusal {
            _ = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2027-12-31 17:00"))
        }
        #expect(refused.count == 1)
        #expect(refused.first?.contains("no public holidays for 2028") == true)
        #expect(refused.first?.contains("[calendar-year-missing]") == true)
        #expect(try lhasa.cases.list().isEmpty)
    }

    @Test("Lhasa: a complex case referred to the 联席会议 (第二十四条); its decision binds the dispatch, until a unit sends the case back")
    func lhasaJointMeeting() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        let accepted = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 10:30"))
        #expect(accepted.pending.map(\.key) == ["dispatch", "escalate", "refer_to_meeting", "reject"])
        let referred = try await lhasa.cases.act(id, .refer(note: "涉及公安、民政两部门职责交叉"), as: "LS-0006", at: time("2025-06-03 11:00"))
        #expect(referred.pending.map(\.key) == ["joint_meeting"])
        // The meeting's decision is recorded by the county 主管部门, not the township office.
        #expect(await refusal { _ = try await lhasa.cases.act(id, .recordMeeting(lead: "civil-affairs", participants: [], decision: "民政牵头"), as: "LS-0006") }
            .first?.contains("[actor-role]") == true)
        let decided = try await lhasa.cases.act(id, .recordMeeting(lead: "civil-affairs", participants: ["public-security"], decision: "民政牵头，公安配合"),
                                                as: "LS-0009", at: time("2025-06-05 15:00"))
        #expect(decided.state.meetingDecision?.lead == "civil-affairs")
        #expect(decided.pending.map(\.key) == ["dispatch"])
        // The dispatch follows the decision.
        #expect(await refusal { _ = try await lhasa.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "LS-0006",
                                                               at: time("2025-06-05 16:00")) }
            == ["联席会议协调决定 decided that civil-affairs leads with public-security; the dispatch follows its decision [meeting-decision] — 拉萨市网格化服务管理条例 第二十四条"])
        let dispatched = try await lhasa.cases.act(id, .dispatch(lead: "civil-affairs", participants: ["public-security"], note: nil), as: "LS-0006",
                                                   at: time("2025-06-05 16:00"))
        #expect(dispatched.pending.map(\.key) == ["handle"])
        // A unit that sends the case back reopens the question: the office may dispatch anew.
        _ = try lhasa.staff.addPerson(id: "LS-CA", name: "索朗", birthDate: Day("1989-01-01"), citizenship: "CN", phone: nil, on: day)
        _ = try lhasa.staff.appoint("LS-CA", role: "handler", unit: nil, department: "civil-affairs", on: day)
        _ = try await lhasa.cases.act(id, .handle(unit: "public-security", result: "已配合核查"), as: "LS-0007", at: time("2025-06-06 09:00"))
        _ = try await lhasa.cases.act(id, .handle(unit: "civil-affairs", result: "非民政职责"), as: "LS-CA", at: time("2025-06-06 09:30"))
        let returned = try await lhasa.cases.act(id, .returnCase(reason: "不属本部门职责"), as: "LS-CA", at: time("2025-06-06 10:00"))
        #expect(returned.state.meetingDecision == nil)
        #expect(returned.pending.map(\.key) == ["dispatch"])
        let history = try #require(try lhasa.cases.view(id).history)
        #expect(history.first { $0.kind == "refer" }?.article?.hasPrefix("拉萨市网格化服务管理条例 第二十四条（解读：") == true)
        #expect(history.first { $0.kind == "record_meeting" }?.note == "民政牵头，公安配合")
    }

    @Test("Luzhou: the community office refers a case to the county government's 联动议事协调机制 (第四条), which names the lead unit")
    func luzhouCoordination() async throws {
        let luzhou = try city("luzhou")
        defer { try? luzhou.close() }
        let id = try await luzhou.cases.report(item: "LZ-04", grid: "510502001001001", as: "LZ-0001", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try await luzhou.cases.act(id, .accept(note: nil), as: "LZ-0004", at: time("2025-06-03 10:30"))
        _ = try await luzhou.cases.act(id, .refer(note: "需统筹多部门"), as: "LZ-0004", at: time("2025-06-03 11:00"))
        #expect(await refusal { _ = try await luzhou.cases.act(id, .recordMeeting(lead: "emergency-management", participants: [], decision: "应急管理牵头"),
                                                                as: "LZ-0006") }.first?.contains("[actor-role]") == true)
        let decided = try await luzhou.cases.act(id, .recordMeeting(lead: "emergency-management", participants: [], decision: "应急管理牵头"),
                                                 as: "LZ-0007", at: time("2025-06-04 10:00"))
        #expect(decided.pending.map(\.key) == ["dispatch"])
        let event = try #require(try luzhou.cases.view(id).history?.last)
        #expect(event.article == "泸州市基层社会治理网格化服务管理条例 第四条")
        let dispatched = try await luzhou.cases.act(id, .dispatch(lead: "emergency-management", participants: [], note: nil), as: "LZ-0004",
                                                    at: time("2025-06-04 11:00"))
        #expect(dispatched.state.lead == "emergency-management")
    }

    @Test("Luzhou: reports go to the village/community office first; emergencies straight to the department (第十六条)")
    func luzhouRouting() async throws {
        let luzhou = try city("luzhou")
        defer { try? luzhou.close() }
        let normal = try await luzhou.cases.report(item: "LZ-04", grid: "510502001001001", as: "LZ-0001", reporter: citizen, at: time("2025-06-03 10:00"))
        #expect(normal.pending.map(\.key) == ["accept"])
        #expect(normal.state.officeLevel == "community")
        _ = try await luzhou.cases.act(normal.state.id, .accept(note: nil), as: "LZ-0004", at: time("2025-06-03 10:30"))

        let urgent = try await luzhou.cases.report(item: "LZ-04", grid: "510502001001001", as: "LZ-0001", reporter: citizen, emergency: true,
                                       at: time("2025-06-03 10:05"))
        #expect(urgent.pending.map(\.key) == ["handle"])
        #expect(urgent.state.lead == "emergency-management")
        let handled = try await luzhou.cases.act(urgent.state.id, .handle(unit: "emergency-management", result: "已处置"), as: "LZ-0005",
                                     at: time("2025-06-03 11:00"))
        #expect(handled.pending.map(\.key) == ["feedback", "return_to_office"])
    }

    @Test("Yongzhou: a lead unit and participating units; the case moves on when all have reported (第十条)")
    func yongzhouUnits() async throws {
        let yongzhou = try city("yongzhou")
        defer { try? yongzhou.close() }
        _ = try yongzhou.staff.addPerson(id: "YZ-0010", name: "民政办", birthDate: nil, citizenship: nil, phone: nil, on: day)
        _ = try yongzhou.staff.appoint("YZ-0010", role: "handler", unit: nil, department: "civil-affairs", on: day)
        _ = try yongzhou.staff.addPerson(id: "YZ-0011", name: "区平台", birthDate: nil, citizenship: nil, phone: nil, on: day)
        _ = try yongzhou.staff.appoint("YZ-0011", role: "platform_staff", unit: "431102001000", department: nil, on: day)
        let id = try await yongzhou.cases.report(item: "YZ-07", grid: "YZ-431102001001-01", as: "YZ-0001", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try await yongzhou.cases.act(id, .accept(note: nil), as: "YZ-0011", at: time("2025-06-03 10:30"))
        _ = try await yongzhou.cases.act(id, .dispatch(lead: "housing-construction", participants: ["civil-affairs"], note: nil), as: "YZ-0011",
                             at: time("2025-06-03 11:00"))
        // 第十条第三款 联动处置: each unit records its own result, not another's.
        #expect(await refusal { _ = try await yongzhou.cases.act(id, .handle(unit: "civil-affairs", result: "代为办结"), as: "YZ-0005", at: time("2025-06-04 09:00")) } == [
            "何静 (YZ-0005) does not work for 民政; each unit records its own result [handle-unit] — 永州市网格化服务管理规定 第十条第二款",
        ])
        let afterLead = try await yongzhou.cases.act(id, .handle(unit: "housing-construction", result: "约谈物业"), as: "YZ-0005", at: time("2025-06-04 10:00"))
        #expect(afterLead.pending.map(\.key) == ["handle"])
        #expect(afterLead.state.results == ["housing-construction": "约谈物业"])
        let afterAll = try await yongzhou.cases.act(id, .handle(unit: "civil-affairs", result: "协调困难户"), as: "YZ-0010", at: time("2025-06-04 11:00"))
        #expect(afterAll.pending.map(\.key) == ["feedback", "return_to_platform"])
    }

    @Test("Yongzhou: a worker may refuse an item outside the catalogue (第九条)")
    func yongzhouOutsideCatalogue() async throws {
        let yongzhou = try city("yongzhou")
        defer { try? yongzhou.close() }
        #expect(await refusal { _ = try await yongzhou.cases.report(item: "YZ-99", grid: "YZ-431102001001-01", as: "YZ-0001", reporter: citizen, at: time("2025-06-03 10:00")) }
            == ["item YZ-99 is not in the catalogue (事项清单) [item-outside-catalogue] — 永州市网格化服务管理规定 第九条第一款"])
        #expect(try yongzhou.cases.list().isEmpty)
    }
}

/// Steps the texts do not create cite no article that does not create them (issue 13,
/// point 4): 不予受理 and 退回 are local procedure, with their source; escalation is law in
/// city2023 (第二十条第二款 逐级上报), a reading in Lhasa, local elsewhere.
@Suite("What grounds each step")
struct StepBasisTests {
    @Test("lhasa: 不予受理 is recorded as local procedure, not as 第二十二条第二款; escalation says it rests on a reading of 第十七条第一款")
    func lhasaBasis() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let rejected = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try await lhasa.cases.act(rejected, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 10:20"))
        _ = try await lhasa.cases.act(rejected, .reject(reason: "不属于网格事项"), as: "LS-0006", at: time("2025-06-03 10:30"))
        let article = try #require(try lhasa.cases.view(rejected).history?.last?.article)
        #expect(article.hasPrefix("local: 本地工作规程：条例未设“不予受理”") && article.hasSuffix("（原引第二十二条第二款，该条未作此规定）"))
        let escalated = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try await lhasa.cases.act(escalated, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 10:20"))
        _ = try await lhasa.cases.act(escalated, .escalate(note: "需区级协调"), as: "LS-0006", at: time("2025-06-03 10:30"))
        #expect(try lhasa.cases.view(escalated).history?.last?.article?.hasPrefix("拉萨市网格化服务管理条例 第十七条第一款（解读：") == true)
    }

    @Test("city2023: escalation is the text's own (第二十条第二款 逐级上报), cited as law")
    func city2023Escalation() async throws {
        let city = try city("city2023")
        defer { try? city.close() }
        let id = try await city.cases.report(item: "CS-01", grid: "990102001001001", as: "CS-0001", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try await city.cases.act(id, .accept(note: nil), as: "CS-0004", at: time("2025-06-03 10:30"))
        _ = try await city.cases.act(id, .escalate(note: "需区级协调"), as: "CS-0004", at: time("2025-06-03 11:00"))
        #expect(try city.cases.view(id).history?.last?.article == "社会治理网格化服务管理条例 第二十条第二款")
    }
}

/// Reopening starts the case again at the office that accepts reports (issue 13, point 6).
@Suite("Reopening")
struct ReopenTests {
    @Test("city2023: a case escalated to the county and closed there is reopened at the township, whose office can dispatch it again")
    func reopenResetsTheLevel() async throws {
        let city = try city("city2023")
        defer { try? city.close() }
        let id = try await city.cases.report(item: "CS-01", grid: "990102001001001", as: "CS-0001", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try await city.cases.act(id, .accept(note: nil), as: "CS-0004", at: time("2025-06-03 10:30"))
        _ = try await city.cases.act(id, .escalate(note: "需区级协调"), as: "CS-0004", at: time("2025-06-03 11:00"))
        _ = try await city.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "CS-0006", at: time("2025-06-03 14:00"))
        _ = try await city.cases.act(id, .handle(unit: "public-security", result: "已处理"), as: "CS-0005", at: time("2025-06-04 10:00"))
        _ = try await city.cases.act(id, .feedBack(note: "已处理"), as: "CS-0005", at: time("2025-06-04 11:00"))
        let closed = try await city.cases.act(id, .close(note: nil), as: "CS-0006", at: time("2025-06-04 15:00"))
        #expect(closed.state.officeLevel == "county" && closed.state.status == .closed)
        let reopened = try await city.cases.act(id, .reopen(reason: "群众补充材料"), as: "CS-0004", at: time("2025-06-05 09:00"))
        #expect(reopened.state.officeLevel == "township")
        _ = try await city.cases.act(id, .accept(note: nil), as: "CS-0004", at: time("2025-06-05 09:30"))
        let dispatched = try await city.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "CS-0004", at: time("2025-06-05 10:00"))
        #expect(dispatched.state.lead == "public-security")
        // No text provides reopening: the profile allows it as a local rule, and the event says so.
        #expect(try city.cases.view(id).history?.first { $0.kind == "reopen" }?.article?.hasPrefix("local: 本地工作规程：条例未规定重新办理") == true)
    }

    @Test("a profile that does not allow reopening refuses it, and the console offers no way to")
    func noReopening() async throws {
        let lhasa = try city("lhasa", version: "2023-11-01") { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("  reopen:") }.joined(separator: "\n")
        }
        defer { try? lhasa.close() }
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 10:20"))
        _ = try await lhasa.cases.act(id, .reject(reason: "不属于网格事项"), as: "LS-0006", at: time("2025-06-03 10:30"))
        #expect(await refusal { _ = try await lhasa.cases.act(id, .reopen(reason: "补充材料"), as: "LS-0006", at: time("2025-06-04 09:00")) } == [
            "this ordinance provides no reopening of a closed case, and the profile adds none as a local rule [reopen]",
        ])
        let office = try lhasa.access.scope(for: try lhasa.access.caller(staff: "LS-0006", at: time("2025-06-04 09:00")), at: time("2025-06-04 09:00"))
        #expect(try lhasa.cases.possibleSteps(try lhasa.cases.view(id), for: office).isEmpty)
    }
}
