import ArgumentParser
import Foundation
import HTTPAPI
import Platform

/// `wangge serve`: every tenant's HTTP front end, in one process.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve every tenant's web pages, staff console, JSON API and Open311 endpoint, the host overview, /healthz and /metrics over HTTP.",
        discussion: "Tenants are under /t/<tenant>/ (pages), /t/<tenant>/console, /t/<tenant>/api/v1/ and /t/<tenant>/open311/v2/, or at / for a host name the registry maps; the provincial host's overview is at /host. SIGTERM or SIGINT stops it after requests in flight finish."
    )

    @OptionGroup var deployment: DeploymentOptions
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Option(help: "Seconds between supervision sweeps (督办) of overdue cases; 0 turns them off.") var sweepEvery = 60
    @Option(help: "Open connections allowed in all.") var maxConnections = 4096
    @Option(help: "Open connections allowed from one client address.") var maxConnectionsPerClient = 256
    @Option(help: "Seconds an idle connection (or a half-sent request head) is kept.") var idleTimeout = 30
    @Option(help: "Requests per second allowed for one bearer token (0: no limit).") var tokenRate = 100.0
    @Option(help: "Requests per second without a token, per client address (0: no limit).") var anonymousRate = 50.0
    @Option(help: "Anonymous reports per minute, per client address (0: no limit).") var anonymousReportsPerMinute = 12.0
    @Flag(help: "No rate limits at all (for load tests from one address).") var noRateLimits = false
    @Option(help: "Requests of one tenant under way at once; more get 503.") var requestsPerTenant = 256
    @Option(help: "Threads of each open tenant's lane (default: one per core).") var threadsPerTenant: Int?
    @Option(help: "Seconds a console session lasts (never beyond its token's expiry); a local rule, 8 hours by default.") var sessionSeconds = 28_800
    @Option(help: "Seconds between deliveries of the outbox to enabled hook plugins; 0 turns them off.") var deliverEvery = 1

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port is 0 to 65535") }
        guard sweepEvery >= 0 else { throw ValidationError("--sweep-every is 0 or more seconds") }
        guard maxConnections >= 1, maxConnectionsPerClient >= 1 else { throw ValidationError("connection limits are 1 or more") }
        guard (1...3600).contains(idleTimeout) else { throw ValidationError("--idle-timeout is 1 to 3600 seconds") }
        guard tokenRate >= 0, anonymousRate >= 0, anonymousReportsPerMinute >= 0 else { throw ValidationError("rates are 0 or more") }
        guard (1...100_000).contains(requestsPerTenant) else { throw ValidationError("--requests-per-tenant is 1 to 100000") }
        if let threadsPerTenant, !(1...64).contains(threadsPerTenant) { throw ValidationError("--threads-per-tenant is 1 to 64") }
        guard (1...604_800).contains(sessionSeconds) else { throw ValidationError("--session-seconds is 1 to 604800 (a week)") }
        guard (0...3600).contains(deliverEvery) else { throw ValidationError("--deliver-every is 0 to 3600 seconds") }
    }

    /// The server's limits, from the options.
    var settings: ServerSettings {
        var settings = ServerSettings()
        settings.connections.total = maxConnections
        settings.connections.perClient = maxConnectionsPerClient
        settings.connections.idle = .seconds(Int64(idleTimeout))
        settings.rates.perToken = (perSecond: tokenRate, burst: tokenRate * 2)
        settings.rates.anonymousPerClient = (perSecond: anonymousRate, burst: anonymousRate * 2)
        settings.rates.anonymousWritesPerClient = (perSecond: anonymousReportsPerMinute / 60, burst: anonymousReportsPerMinute)
        if noRateLimits { settings.rates = .off }
        settings.requestsPerTenant = requestsPerTenant
        settings.deliveryInterval = deliverEvery == 0 ? nil : .seconds(deliverEvery)
        if let threadsPerTenant { settings.threadsPerTenant = threadsPerTenant }
        settings.sessionLifetime = TimeInterval(sessionSeconds)
        return settings
    }

    func run() async throws {
        let server = try APIServer(deployment: deployment.deployment(), settings: settings)
        if let horizon = server.deployment.nationalCalendarHorizon(), horizon.daysLeft < 60 {
            warn([Problem("calendar-horizon", server.deployment.calendarHorizonAdvice(horizon),
                          severity: .warning)])
        }
        try await server.run(host: host, port: port, sweepInterval: sweepEvery == 0 ? nil : .seconds(sweepEvery)) { port in
            // Unbuffered: standard output may be a pipe (a service manager's journal, a supervising test).
            FileHandle.standardOutput.write(Data("wangge serving \(deployment.data) on http://\(host):\(port)\n".utf8))
        }
    }
}

/// `wangge -t X token …`: bearer tokens for the HTTP API.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Bearer tokens for the HTTP API: issue, list, revoke. Only their SHA-256 is stored.",
        subcommands: [Issue.self, List.self, Revoke.self]
    )

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a token for a staff member; the secret is printed this once.")
        @OptionGroup var scope: TenantScope
        @Option(help: "The staff id.") var staff: String
        @Option(help: "Days the token is valid (1–366).") var days = 30
        @Option(help: "What the token is for.") var note: String?

        func run() throws {
            let issued = try scope.with { try $0.access.issueToken(staff: staff, validFor: days, note: note) }
            try emit(issued, format: scope.format) { ["\($0.token)", "  id \($0.id) for \($0.staffId), expires \(clock($0.expiresAt))"] }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tokens issued (never their secrets).")
        @OptionGroup var scope: TenantScope
        @Option(help: "Only this staff member's.") var staff: String?

        func run() throws {
            let tokens = try scope.with { try $0.access.tokens(staff: staff) }
            try emit(tokens, format: scope.format) { list in
                list.isEmpty ? ["no tokens"] : list.map { t in
                    "\(t.id) \(t.staffId) issued \(clock(t.issuedAt)) expires \(clock(t.expiresAt))" + (t.revokedAt.map { " revoked \(clock($0))" } ?? "")
                        + (t.note.map { " — \($0)" } ?? "")
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token at once.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The token id, e.g. tk_1a2b3c4d5e.") var id: String

        func run() throws {
            let token = try scope.with { try $0.access.revokeToken(id) }
            try emit(token, format: scope.format) { ["\($0.id) revoked"] }
        }
    }
}
