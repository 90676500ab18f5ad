import ArgumentParser
import Foundation
import Platform
import Store

/// `wangge -t X open311 …`: Open311 client keys, and reports whose place matched no grid.
struct Open311Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open311",
        abstract: "Open311 GeoReport v2 clients: API keys, and reports waiting for a grid.",
        subcommands: [KeyCommand.self, UnlocatedCommand.self]
    )

    struct KeyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "key", abstract: "API keys of Open311 clients: issue, list, revoke. Only their SHA-256 is stored.",
            subcommands: [Issue.self, List.self, Revoke.self])

        struct Issue: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Issue a key for a client; the secret is printed this once.")
            @OptionGroup var scope: TenantScope
            @Option(help: "The client's name, e.g. 12345热线 or FixMyStreet; reports it files are attributed to it.") var client: String
            @Option(help: "The channel its reports come through: citizen, platform or unit (the profile's report step lists those it takes).")
            var channel: String = "platform"
            @Option(help: "What the key is for.") var note: String?

            func run() throws {
                let issued = try scope.with { try $0.open311.issueKey(client: client, channel: channel, note: note, by: "cli") }
                try emit(issued, format: scope.format) { ["\($0.apiKey)", "  id \($0.id) for \($0.client) (channel \($0.channel))"] }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Keys issued (never their secrets).")
            @OptionGroup var scope: TenantScope

            func run() throws {
                let keys = try scope.with { try $0.open311.keys() }
                try emit(keys, format: scope.format) { list in
                    list.isEmpty ? ["no Open311 keys"] : list.map { k in
                        "\(k.id) \(k.client) channel \(k.channel) issued \(clock(k.issuedAt))" + (k.revokedAt.map { " revoked \(clock($0))" } ?? "")
                            + (k.note.map { " — \($0)" } ?? "")
                    }
                }
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a key at once.")
            @OptionGroup var scope: TenantScope
            @Argument(help: "The key id, e.g. ok_1a2b3c4d5e.") var id: String

            func run() throws {
                let key = try scope.with { try $0.open311.revokeKey(id) }
                try emit(key, format: scope.format) { ["\($0.id) (\($0.client)) revoked"] }
            }
        }
    }

    struct UnlocatedCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unlocated", abstract: "Reports whose place matched no grid: list them, place one in a grid (filing the case), or answer it.",
            subcommands: [List.self, Place.self, Answer.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Reports waiting for a grid, oldest first.")
            @OptionGroup var scope: TenantScope
            @Option(help: "Staff id of the grid office looking.") var `as`: String
            @Option(help: "waiting (default), placed, answered, or all.") var status: String = "waiting"

            func run() throws {
                let wanted = status == "all" ? nil : UnlocatedReportRecord.Status(rawValue: status)
                guard status == "all" || wanted != nil else { throw ValidationError("--status is waiting, placed, answered or all") }
                let staff = `as`
                let reports = try scope.with { tenant in
                    try tenant.open311.unlocated(status: wanted, access: try tenant.access.scope(for: try tenant.access.caller(staff: staff)))
                }
                try emit(reports, format: scope.format) { list in
                    list.isEmpty ? ["no reports"] : list.map { r in
                        let place = [r.origin.lat.map { "\($0),\(r.origin.long ?? 0)" }, r.origin.address, r.origin.addressId].compactMap { $0 }.joined(separator: " · ")
                        return "\(r.token) \(clock(r.receivedAt)) \(r.serviceCode) [\(r.status)] \(place)" + (r.caseId.map { " → \($0)" } ?? "")
                    }
                }
            }
        }

        struct Place: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Place a waiting report in a grid of yours: the case is filed there.")
            @OptionGroup var scope: TenantScope
            @Option(help: "Staff id of the grid office placing it.") var `as`: String
            @Argument(help: "The report's token.") var token: String
            @Option(help: "The grid: code or unit id.") var grid: String
            @Option(help: "Why this grid.") var note: String?

            func run() throws {
                let (staff, token, grid, note) = (`as`, token, grid, note)
                let view = try scope.with { tenant in
                    try blocking {
                        try await tenant.open311.place(token, grid: grid, note: note,
                                                       access: try tenant.access.scope(for: try tenant.access.caller(staff: staff)))
                    }
                }
                try emit(view, format: scope.format) { ["placed \(token) in grid \($0.gridCode): case \($0.state.id)"] }
            }
        }

        struct Answer: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Answer a waiting report without filing it (its place is outside the city's grids).")
            @OptionGroup var scope: TenantScope
            @Option(help: "Staff id of the grid office answering.") var `as`: String
            @Argument(help: "The report's token.") var token: String
            @Option(help: "The answer: why it is not filed.") var note: String

            func run() throws {
                let staff = `as`
                let report = try scope.with { tenant in
                    try tenant.open311.answer(token, note: note, access: try tenant.access.scope(for: try tenant.access.caller(staff: staff)))
                }
                try emit(report, format: scope.format) { ["answered \($0.token)"] }
            }
        }
    }
}

/// `wangge -t X grid boundaries|addresses …`: grids on the map.
struct BoundariesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boundaries", abstract: "Grid boundaries as GeoJSON: import them, or export them for a map.",
        subcommands: [Import.self, Export.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import grid boundaries from a GeoJSON FeatureCollection; any bad feature refuses the whole file.",
            discussion: "One Feature per grid, properties.code the grid code, geometry a Polygon or MultiPolygon (holes allowed) in WGS 84 longitude/latitude. Grids of one kind may not overlap.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The GeoJSON file.") var file: String

        func run() throws {
            let data = try readData(file)
            let report = try scope.with { try $0.locations.importBoundaries(data, file: file) }
            try emit(report, format: scope.format) { ["set the boundaries of \($0.grids.count) grids from \($0.file)"] }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the grids' boundaries as a GeoJSON FeatureCollection.")
        @OptionGroup var scope: TenantScope

        func run() throws {
            let data = try scope.with { try $0.locations.boundaries() }
            FileHandle.standardOutput.write(data)
            print()
        }
    }
}

/// `wangge -t X grid addresses import FILE`: the address register (门牌 → 网格).
struct AddressesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "addresses", abstract: "The address register that routes Open311 address strings and ids to grids.",
        subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import addresses from CSV (columns id,address,grid); any bad row refuses the whole file.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The CSV file.") var file: String

        func run() throws {
            let text = try readText(file)
            let report = try scope.with { try $0.locations.importAddresses(csv: text, file: file) }
            warn(report.warnings)
            try emit(report, format: scope.format) { ["imported \($0.rows) addresses from \($0.file)"] }
        }
    }
}
