import Foundation
import Testing
@testable import Ordinance

/// The `evaluation` section: indicators as data, refused where the platform cannot compute
/// them or the profile does not say where they come from.
@Suite("Evaluation in the profile")
struct EvaluationProfileTests {
    static func with(_ evaluation: String) -> LoadedProfile { load(minimalProfile + "\n" + evaluation) }

    @Test("indicators with their kind, scopes, weight and source are read")
    func reads() throws {
        let loaded = Self.with("""
            evaluation:
              art: 第十条
              periods: [month, year]
              indicators:
                - {key: on_time, kind: on_time_rate, name: 按期办结率, for: [grid, department], weight: 40, weight_source: {local: 某区考核办法第三条}, art: 第九条}
                - {key: reported, kind: reported, name: 上报事项数, for: [worker], local: 本地考核办法}
            """)
        let evaluation = try #require(loaded.profile?.evaluation, "\(loaded.diagnostics)")
        #expect(evaluation.periods == [.month, .year])
        #expect(evaluation.indicators.map(\.kind) == [.onTimeRate, .reported])
        #expect(evaluation.indicators[0].scopes == [.grid, .department] && evaluation.indicators[0].weight == 40)
        #expect(evaluation.indicators[0].weightSource == .local("某区考核办法第三条") && evaluation.indicators[1].source == .local("本地考核办法"))
    }

    @Test("an unknown kind or scope, a period the platform does not keep, an unsourced figure or weight are refused with their place")
    func refuses() {
        let loaded = Self.with("""
            evaluation:
              art: 第十条
              periods: [month, fortnight]
              indicators:
                - {key: a, kind: happiness, name: 幸福, for: [grid], local: x}
                - {key: b, kind: reported, name: 上报, for: [street], local: x}
                - {key: c, kind: reported, name: 上报, for: [grid]}
                - {key: d, kind: reported, name: 上报, for: [grid], weight: 10, local: x}
            """)
        #expect(loaded.profile == nil)
        let messages = loaded.diagnostics.map(\.description)
        #expect(messages.count == 5, "\(messages.joined(separator: "\n"))")
        #expect(messages.contains { $0.contains("fortnight") })
        #expect(messages.contains { $0.contains("happiness") })
        #expect(messages.contains { $0.contains("street") })
        #expect(messages.contains { $0.contains("say why this figure is kept") })
        #expect(messages.contains { $0.contains("weight_source") })
    }

    @Test("satisfaction needs a rate step")
    func satisfaction() {
        let loaded = Self.with("""
            evaluation:
              art: 第十条
              periods: [month]
              indicators:
                - {key: s, kind: satisfaction, name: 满意率, for: [city], local: 本地考核办法}
            """)
        #expect(loaded.diagnostics.map(\.description).contains { $0.contains("no rate step") })
    }
}
