import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// The reporter's rating of the result (评价) and a review on request (复核), as a further
/// city's implementing measures might add them to city2023's workflow.
@Suite("Rating and review")
struct RatingTests {
    /// `indicators`: evaluation indicators added to city2023's (YAML lines).
    func rated(indicators: String = "") throws -> Tenant {
        try city("city2023", version: "2023-01-01") { text in
            let evaluated = indicators.isEmpty ? text : text.replacingOccurrences(of: "    - {key: reopened, kind: reopened,", with: indicators + "\n    - {key: reopened, kind: reopened,")
            return evaluated.replacingOccurrences(of: """
                      time_limit_source: {local: 平台初始设置：条例未定此时限（只要求及时），以本地网格化工作机构的实施办法为准}
                      next: [close]
                      art: 第二十条第三款
                """, with: """
                      time_limit_source: {local: 平台初始设置：条例未定此时限（只要求及时），以本地网格化工作机构的实施办法为准}
                      next: [rating]
                      art: 第二十条第三款
                    - key: rating
                      kind: rate
                      name: 反映人评价
                      actor: {role: office_staff, level: current}
                      ratings: [满意, 基本满意, 不满意]
                      next: [close, review]
                      local: 本市实施办法：办结前回访反映人，记录评价
                    - key: review
                      kind: review
                      name: 申请复核
                      actor: {role: office_staff, level: current}
                      max: 1
                      to: dispatch
                      local: 本市实施办法：反映人不满意的，可以申请复核一次
                """)
        }
    }

    @Test("the office records the reporter's rating; one review sends the case back to dispatch; a second is refused; the case closes")
    func ratingAndReview() async throws {
        let tenant = try rated()
        defer { try? tenant.close() }
        let id = try await tenant.cases.report(item: "CS-04", grid: "990102001001001", as: "CS-0001", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        func handleOnce(at hour: Int) async throws {
            _ = try await tenant.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "CS-0004", at: time("2025-06-0\(hour) 10:00"))
            _ = try await tenant.cases.act(id, .handle(unit: "public-security", result: "已办理"), as: "CS-0005", at: time("2025-06-0\(hour) 11:00"))
            _ = try await tenant.cases.act(id, .feedBack(note: "已反馈"), as: "CS-0005", at: time("2025-06-0\(hour) 12:00"))
        }
        _ = try await tenant.cases.act(id, .accept(note: nil), as: "CS-0004", at: time("2025-06-03 10:30"))
        try await handleOnce(at: 4)
        #expect(await refusal { _ = try await tenant.cases.act(id, .rate(rating: "很好", note: nil), as: "CS-0004") }
            == ["'很好' is not a rating here (ratings: 满意、基本满意、不满意) [rating] — local: 本市实施办法：办结前回访反映人，记录评价"])
        let rated = try await tenant.cases.act(id, .rate(rating: "不满意", note: "路面仍有积水"), as: "CS-0004", at: time("2025-06-04 15:00"))
        #expect(rated.state.rating == "不满意")
        #expect(rated.pending.map(\.key) == ["close", "review"])
        let reviewed = try await tenant.cases.act(id, .requestReview(reason: "反映人不满意"), as: "CS-0004", at: time("2025-06-04 16:00"))
        #expect(reviewed.pending.map(\.key) == ["dispatch"] && reviewed.state.reviews == 1)
        try await handleOnce(at: 5)
        _ = try await tenant.cases.act(id, .rate(rating: "基本满意", note: nil), as: "CS-0004", at: time("2025-06-05 15:00"))
        #expect(await refusal { _ = try await tenant.cases.act(id, .requestReview(reason: "再次复核"), as: "CS-0004", at: time("2025-06-05 16:00")) }
            .first?.contains("[review-limit]") == true)
        let closed = try await tenant.cases.act(id, .close(note: nil), as: "CS-0004", at: time("2025-06-05 17:00"))
        #expect(closed.state.status == .closed && closed.state.rating == "基本满意")
    }

    @Test("satisfaction counts the ratings the indicator lists as satisfied, each rating once; reviews are counted")
    func evaluated() async throws {
        let tenant = try rated(indicators: """
                - {key: satisfied, kind: satisfaction, name: 满意率, for: [office, city], satisfied: [满意, 基本满意], local: 本市考核办法：满意和基本满意计为满意}
                - {key: reviewed, kind: reviewed, name: 复核次数, for: [office, city], local: 本市考核办法}
            """)
        defer { try? tenant.close() }
        func handled(at day: Int, rating: String) async throws -> String {
            let id = try await tenant.cases.report(item: "CS-04", grid: "990102001001001", as: "CS-0001", reporter: citizen, at: time("2025-06-0\(day) 09:00")).state.id
            _ = try await tenant.cases.act(id, .accept(note: nil), as: "CS-0004", at: time("2025-06-0\(day) 09:30"))
            _ = try await tenant.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "CS-0004", at: time("2025-06-0\(day) 10:00"))
            _ = try await tenant.cases.act(id, .handle(unit: "public-security", result: "已办理"), as: "CS-0005", at: time("2025-06-0\(day) 11:00"))
            _ = try await tenant.cases.act(id, .feedBack(note: "已反馈"), as: "CS-0005", at: time("2025-06-0\(day) 12:00"))
            _ = try await tenant.cases.act(id, .rate(rating: rating, note: nil), as: "CS-0004", at: time("2025-06-0\(day) 15:00"))
            return id
        }
        // 不满意, reviewed, handled again and rated 基本满意; then 满意; then 不满意 and closed as it is.
        let first = try await handled(at: 3, rating: "不满意")
        _ = try await tenant.cases.act(first, .requestReview(reason: "反映人不满意"), as: "CS-0004", at: time("2025-06-03 16:00"))
        _ = try await tenant.cases.act(first, .dispatch(lead: "public-security", participants: [], note: nil), as: "CS-0004", at: time("2025-06-04 10:00"))
        _ = try await tenant.cases.act(first, .handle(unit: "public-security", result: "再次办理"), as: "CS-0005", at: time("2025-06-04 11:00"))
        _ = try await tenant.cases.act(first, .feedBack(note: "已反馈"), as: "CS-0005", at: time("2025-06-04 12:00"))
        _ = try await tenant.cases.act(first, .rate(rating: "基本满意", note: nil), as: "CS-0004", at: time("2025-06-04 15:00"))
        _ = try await handled(at: 5, rating: "满意")
        _ = try await handled(at: 6, rating: "不满意")
        let figures = try tenant.evaluation.figures(by: .city, from: Day("2025-06-01")!, to: Day("2025-06-30")!, access: nil).rows[0].values
        #expect(figures["satisfied"] == 50)   // 基本满意 and 满意 of four ratings
        #expect(figures["reviewed"] == 1)
        // Without a rate step, a satisfaction indicator is refused by the checker.
        let refused = refusal {
            _ = try city("city2023", version: "2023-01-01") { text in
                text.replacingOccurrences(of: "    - {key: reopened, kind: reopened,", with: "    - {key: s, kind: satisfaction, name: 满意率, for: [city], local: x}\n    - {key: reopened, kind: reopened,")
            }
        }
        #expect(refused.joined().contains("the workflow has no rate step"))
    }
}
