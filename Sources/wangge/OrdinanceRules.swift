import ArgumentParser
import Ordinance

/// `wangge ordinance rules`: the rules a profile is checked against, by name.
struct OrdinanceRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List the rules profiles are checked against.")

    func run() {
        let width = Rule.allCases.map(\.rawValue.count).max() ?? 0
        for rule in Rule.allCases {
            print(rule.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + rule.summary)
        }
    }
}
