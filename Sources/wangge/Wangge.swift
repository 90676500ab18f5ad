import ArgumentParser

/// The `wangge` command line: one binary for provincial hosts, legal staff and tenant admins.
@main
struct Wangge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wangge",
        abstract: "网格 — run cities' grid-governance ordinances (网格化服务管理条例) as software.",
        discussion: "Tenant commands take the tenant first or last: 'wangge -t lhasa org list' or 'wangge org list -t lhasa'.",
        subcommands: [OrdinanceCommand.self, TenantCommand.self, OrgCommand.self, GridCommand.self, BoardCommand.self, StaffCommand.self, CaseCommand.self, ComplaintCommand.self, PeriodCommand.self, StatsCommand.self,
                      CatalogueCommand.self, AssignmentsCommand.self,
                      TokenCommand.self, Open311Command.self, PluginCommand.self, OperatorCommand.self, ServeCommand.self]
    )

    static func main() async {
        await main(scopeLast(Array(CommandLine.arguments.dropFirst())))
    }

    /// swift-argument-parser reads a subcommand's options only after its name, so the
    /// scope given first (`-t lhasa`, `--data DIR`) is moved behind the subcommand.
    static func scopeLast(_ arguments: [String]) -> [String] {
        var rest = arguments[...]
        var scope: [String] = []
        while let first = rest.first {
            if ["-t", "--tenant", "--data"].contains(first), rest.count >= 2 {
                scope += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--tenant=") || first.hasPrefix("--data=") {
                scope.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        return Array(rest) + scope
    }
}
