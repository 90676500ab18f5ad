import ArgumentParser

/// The `wangge` command line: one binary for provincial hosts, legal staff and tenant admins.
@main
struct Wangge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wangge",
        abstract: "网格 — run cities' grid-governance ordinances (网格化服务管理条例) as software.",
        subcommands: [OrdinanceCommand.self]
    )
}
