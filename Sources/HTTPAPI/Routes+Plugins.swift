import Foundation
import Hummingbird
import Platform

/// A tenant's plugins over HTTP, for its grid offices: which are enabled (each change kept in
/// the plugin log with who made it), and the events hooks gave up on, to inspect and replay.
enum PluginRoutes {
    static let base = "/t/{tenant}/api/v1/plugins"

    static var all: [Route] {
        [
            Route(.get, base, auth: .staff) { call in
                try call.access().requireAdministration("see the tenant's plugins")
                return try JSON.response(try call.tenant.plugins().list())
            },
            Route(.post, base + "/{name}/enable", auth: .staff) { call in
                try call.access().requireAdministration("enable plugins")
                let input = try call.json(keys: ["from_start", "settings", "for"])
                let plugins = call.tenant.plugins()
                let settings = try input.stringMap("settings")
                // A hook reading personal data reads it as the admin who enables it, unless another is named.
                let manifest = try plugins.library.manifest(call.parameter("name"))
                let delegate = try input.string("for") ?? (manifest.personalFields.isEmpty ? nil : try call.access().caller.staffId)
                try plugins.enable(call.parameter("name"), by: try call.access().caller.staffId, fromStart: try input.bool("from_start") ?? false,
                                   settings: settings.isEmpty ? nil : settings, delegate: delegate, at: call.now)
                return try JSON.response(try shown(plugins, call.parameter("name")))
            },
            Route(.post, base + "/{name}/disable", auth: .staff) { call in
                try call.access().requireAdministration("disable plugins")
                let plugins = call.tenant.plugins()
                try plugins.disable(call.parameter("name"), by: try call.access().caller.staffId, at: call.now)
                return try JSON.response(try shown(plugins, call.parameter("name")))
            },
            Route(.get, base + "/dead-letters", auth: .staff) { call in
                try call.access().requireAdministration("see the events hooks gave up on")
                return try JSON.response(try call.tenant.plugins().deadLetters(call.query("plugin")))
            },
            Route(.post, base + "/{name}/snapshot", auth: .staff) { call in
                try call.access().requireAdministration("run an export")
                return try JSON.response(try await call.tenant.plugins().snapshot(call.parameter("name"), at: call.now))
            }.heavyWork,
            Route(.post, base + "/{name}/replay", auth: .staff) { call in
                try call.access().requireAdministration("replay dead letters")
                let count = try await call.tenant.plugins().replay(call.parameter("name"))
                return try JSON.response(Replayed(plugin: call.parameter("name"), delivered: count))
            },
        ]
    }

    struct Replayed: Encodable {
        var plugin: String
        var delivered: Int
    }

    static func shown(_ plugins: PluginService, _ name: String) throws -> PluginService.PluginView {
        guard let view = try plugins.list().first(where: { $0.name == name }) else {
            throw PlatformError(.notFound, "unknown-plugin", "no plugin '\(name)'")
        }
        return view
    }
}
