import Foundation
import Kernel
import Ordinance

/// Runs legal staff's scenarios against a tenant's profile versions: each in a scratch
/// deployment of its own, onboarded from a copy of the tenant's folder (with the version
/// the scenario names enacted there, a draft included), given its org and staff, then
/// step by step through the same services the API and CLI use.
public struct ScenarioRunner: Sendable {
    /// The tenant's folder of versions, `ordinances/<tenant>`.
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder.standardizedFileURL
    }

    public var tenantKey: String { folder.lastPathComponent }

    /// The scenario files beside the profile, in name order.
    public var files: [URL] {
        let scenarios = folder.appendingPathComponent("scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenarios.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { scenarios.appendingPathComponent($0) }
    }

    /// What running one scenario showed.
    public struct Outcome: Sendable, Encodable {
        public var file: String
        public var name: String
        /// The article the scenario is about, quoted with the ordinance's title.
        public var article: String?
        public var version: String?
        public var steps: Int
        /// Each divergence: the scenario step (file:line, time, who, what), what was expected,
        /// what happened, and the article of the workflow step concerned.
        public var failures: [String]

        public var passed: Bool { failures.isEmpty }
    }

    /// Reads and runs the scenario in `file` (problems reading it are failures).
    public func run(file: URL, shownAs shown: String) async -> Outcome {
        let loaded = ScenarioLoader.load(contentsOf: file, file: shown)
        guard let scenario = loaded.scenario else {
            return Outcome(file: shown, name: "", article: nil, version: nil, steps: 0,
                           failures: loaded.diagnostics.filter { $0.severity == .error }.map(\.description))
        }
        return await run(scenario)
    }

    public func run(_ scenario: Scenario) async -> Outcome {
        var outcome = Outcome(file: scenario.file, name: scenario.name, article: scenario.article?.text,
                              version: scenario.version?.description, steps: scenario.steps.count, failures: [])
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-scenario-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            let tenant = try prepare(scenario, in: scratch)
            defer { try? tenant.close() }
            let profile = try scenario.version.map { try tenant.profile(on: $0) } ?? tenant.profile(on: scenario.steps[0].day)
            outcome.article = profile.cite(scenario.article) ?? outcome.article
            outcome.version = profile.ordinance.effective?.description
            var play = ScenarioPlay(tenant: tenant, scenario: scenario)
            for (index, step) in scenario.steps.enumerated() {
                let problems = await play.perform(step)
                outcome.failures += problems.map { "step \(index + 1) (\(scenario.file):\(step.position.line), \(step.time), \(step.actor ?? "sweep") \(step.action)): \($0)" }
                if !problems.isEmpty { break }
            }
        } catch {
            outcome.failures.append("\(scenario.file): \(error)")
        }
        return outcome
    }

    /// A scratch deployment with the tenant onboarded on the scenario's first day.
    private func prepare(_ scenario: Scenario, in scratch: URL) throws -> Tenant {
        guard let first = scenario.steps.first else { throw PlatformError("scenario-steps", "the scenario has no steps") }
        let profiles = scratch.appendingPathComponent("profiles").appendingPathComponent(tenantKey)
        try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
        let versions = TenantProfiles(folder: folder).versions
        if let version = scenario.version, !versions.contains(where: { $0.ordinance.effective == version }) {
            throw PlatformError("scenario-version", "\(tenantKey) has no loadable version effective \(version)", place: "version")
        }
        if let version = scenario.version, first.day < version {
            throw PlatformError("scenario-version", "the first step (\(first.day)) comes before version \(version) takes effect", place: "version")
        }
        for profile in versions {
            guard let effective = profile.ordinance.effective else { continue }
            var text = try String(contentsOfFile: profile.file, encoding: .utf8)
            if profile.ordinance.status == .draft {
                // Only the draft the scenario runs is enacted here; other drafts are left out.
                guard effective == scenario.version else { continue }
                text = Self.enacting(text)
            }
            try text.write(to: profiles.appendingPathComponent("\(effective).yaml"), atomically: true, encoding: .utf8)
        }
        let deployment = try Deployment(folder: scratch.appendingPathComponent("deployment"))
        _ = try deployment.onboard(key: tenantKey, profileFolder: profiles, on: first.day)
        let tenant = try deployment.open(tenantKey)
        do {
            if let units = scenario.units { _ = try tenant.org.importUnits(csv: try csv(units), file: "given.units", on: first.day) }
            if let staff = scenario.staff { _ = try tenant.staff.importStaff(csv: try csv(staff), file: "given.staff", on: first.day) }
        } catch {
            try? tenant.close()
            throw error
        }
        return tenant
    }

    private func csv(_ source: Scenario.CSVSource) throws -> String {
        switch source {
        case .text(let text): return text
        case .file(let path):
            let url = folder.appendingPathComponent(path).standardizedFileURL
            guard url.path.hasPrefix(folder.path + "/") else {
                throw PlatformError("scenario-file", "'\(path)' is outside the tenant's folder", place: "given")
            }
            do { return try String(contentsOf: url, encoding: .utf8) } catch {
                throw PlatformError("scenario-file", "cannot read \(path) (relative to \(folder.path))", place: "given")
            }
        }
    }

    /// The draft's text with its `status: draft` (in the ordinance section) read as enacted.
    static func enacting(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed == "status: draft" || trimmed.hasPrefix("status: draft ") || trimmed.hasPrefix("status: draft#") else { return String(line) }
            return line.replacingOccurrences(of: "status: draft", with: "status: in_force")
        }.joined(separator: "\n")
    }
}
