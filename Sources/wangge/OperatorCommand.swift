import ArgumentParser
import Foundation
import Platform

/// `wangge operator …`: the people who run the command line on this deployment's machine.
/// A decision typed at the command line (catalogue applications, imports, publication) is
/// recorded with the staff member named by `--as` and the operator who typed it.
struct OperatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator",
        abstract: "Registered operators of the command line (by login name): add, list, remove.",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a login name as an operator, with the person's name.")
        @OptionGroup var deployment: DeploymentOptions
        @Argument(help: "The login name (default: the current one).") var user: String?
        @Option(help: "Who the operator is.") var name: String
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            let info = try deployment.deployment().registerOperator(user ?? ProcessInfo.processInfo.userName, name: name)
            try emit(info, format: format) { ["operator \($0.user) (\($0.name)) registered"] }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Operators registered, and those removed.")
        @OptionGroup var deployment: DeploymentOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            try emit(try deployment.deployment().operators(), format: format) { list in
                list.isEmpty ? ["no operators"] : list.map { o in
                    "\(o.user) (\(o.name)) since \(clock(o.registeredAt))" + (o.removedAt.map { ", removed \(clock($0))" } ?? "")
                }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an operator; what they entered stays recorded under their name.")
        @OptionGroup var deployment: DeploymentOptions
        @Argument(help: "The login name.") var user: String
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            try emit(try deployment.deployment().removeOperator(user), format: format) { ["operator \($0.user) removed"] }
        }
    }
}

/// Who takes a decision from the command line: a bearer token's staff member (`--token`,
/// or `$WANGGE_TOKEN`), or the staff member named by `--as` on behalf of the registered
/// operator running the command. `--as` alone is not taken on trust.
struct Acting: ParsableArguments {
    @Option(help: "The staff id on whose behalf you act; with --token it must be the token's.") var `as`: String?
    @Option(help: "A bearer token of the tenant (default: $WANGGE_TOKEN): you act as its staff member.") var token: String?

    /// The staff member and how the archive names the operator.
    func resolve(_ tenant: Tenant, in scope: TenantScope) throws -> (staffId: String, operatedBy: String) {
        if let token = token ?? ProcessInfo.processInfo.environment["WANGGE_TOKEN"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let caller = try tenant.access.authenticate(bearer: token)
            if let named = `as`, named != caller.staffId {
                throw ValidationError("--as \(named), but the token is \(caller.staffId)'s")
            }
            return (caller.staffId, "token:\(caller.tokenId ?? "")")
        }
        guard let named = `as` else { throw ValidationError("--as names the staff member who decides (or pass --token)") }
        return (named, try scope.deployment.deployment().localOperator(ProcessInfo.processInfo.userName))
    }
}
