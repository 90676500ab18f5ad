import ArgumentParser
import Foundation
import Platform

/// `wangge tenant host-token …`: tokens of the provincial host, for the host overview at
/// `/host` (every tenant's version in force, health and counts). Kept in the registry;
/// they open no tenant's data.
struct HostTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host-token",
        abstract: "Tokens of the provincial host for the web overview of every tenant: issue, list, revoke.",
        subcommands: [Issue.self, List.self, Revoke.self]
    )

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a host token; the secret is printed this once.")
        @OptionGroup var deployment: DeploymentOptions
        @Option(help: "Days the token is valid (1–366).") var days = 30
        @Option(help: "What the token is for.") var note: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            let issued = try deployment.deployment().issueHostToken(validFor: days, note: note)
            struct Issued: Encodable { var id: String; var token: String; var expiresAt: Date }
            try emit(Issued(id: issued.id, token: issued.token, expiresAt: issued.expiresAt), format: format) {
                ["\($0.token)", "  id \($0.id), host of the deployment, expires \(clock($0.expiresAt))"]
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Host tokens issued (never their secrets).")
        @OptionGroup var deployment: DeploymentOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            try emit(try deployment.deployment().hostTokens(), format: format) { list in
                list.isEmpty ? ["no host tokens"] : list.map { t in
                    "\(t.id) issued \(clock(t.issuedAt)) expires \(clock(t.expiresAt))" + (t.revokedAt.map { " revoked \(clock($0))" } ?? "")
                        + (t.note.map { " — \($0)" } ?? "")
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a host token at once; its sessions end with it.")
        @Argument(help: "The token id (ht_…).") var id: String
        @OptionGroup var deployment: DeploymentOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            try emit(try deployment.deployment().revokeHostToken(id), format: format) { ["revoked \($0.id)"] }
        }
    }
}
