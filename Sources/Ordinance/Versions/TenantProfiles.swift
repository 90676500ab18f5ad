import Foundation

/// All versions of one tenant's ordinance, from `ordinances/<tenant>/<effective-date>.yaml`.
/// Cases are pinned to the version in force when they are reported, so every version
/// stays loadable; drafts are checked and diffed but never in force.
public struct TenantProfiles: Sendable {
    public let tenant: String
    public let folder: URL
    /// Versions that loaded without errors, by effective date.
    public let versions: [Profile]
    /// Every problem in every version, and in how the versions fit together.
    public let diagnostics: [Diagnostic]
    /// How many version files the folder holds.
    public let fileCount: Int

    /// Loads every version in `folder`; `displayFolder` is how the folder is shown in messages.
    /// With `packs`, each version is also checked for the language and calendar packs it needs.
    public init(folder: URL, displayFolder: String? = nil, packs: PackShelf? = nil) {
        self.folder = folder
        tenant = folder.lastPathComponent
        let shown = displayFolder ?? folder.path
        var problems: [Diagnostic] = []
        var loaded: [Profile] = []
        let files = Self.versionFiles(in: folder)
        fileCount = files.count
        if files.isEmpty {
            problems.append(Diagnostic(file: shown, position: .start, rule: .versionFile,
                                       message: "no profile versions (files named YYYY-MM-DD.yaml) in this folder"))
        }
        for url in files {
            let file = "\(shown)/\(url.lastPathComponent)"
            let result = ProfileLoader.load(contentsOf: url, file: file)
            problems += result.diagnostics
            problems += Self.checkPlacement(of: result.profile, fileName: url.lastPathComponent, file: file, tenant: tenant)
            guard let profile = result.profile else { continue }
            let needs = packs?.requirements(of: profile) ?? []
            problems += needs
            if !needs.hasErrors { loaded.append(profile) }
        }
        versions = loaded.sorted { ($0.ordinance.effective ?? Day("0001-01-01")!) < ($1.ordinance.effective ?? Day("0001-01-01")!) }
        problems += Self.checkSequence(versions)
        diagnostics = problems
    }

    /// The version in force on `day`: the latest enacted version effective on or before it.
    public func inForce(on day: Day) -> Profile? {
        versions.last { $0.ordinance.isEnacted && ($0.ordinance.effective.map { $0 <= day } ?? false) }
    }

    /// The next enacted version to take effect after `day`, if one is adopted.
    public func scheduled(after day: Day) -> Profile? {
        versions.first { $0.ordinance.isEnacted && ($0.ordinance.effective.map { $0 > day } ?? false) }
    }

    /// The version that takes effect on `day`, draft or not.
    public func version(effective day: Day) -> Profile? {
        versions.first { $0.ordinance.effective == day }
    }

    /// `.yaml` files directly in the folder, in name order. Subfolders (tests, samples) are not versions.
    static func versionFiles(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { folder.appendingPathComponent($0) }
    }

    private static func checkPlacement(of profile: Profile?, fileName: String, file: String, tenant: String) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let stem = fileName.replacingOccurrences(of: ".yaml", with: "").replacingOccurrences(of: ".yml", with: "")
        guard let named = Day(stem) else {
            return [Diagnostic(file: file, position: .start, rule: .versionFile,
                               message: "a version file is named by its effective date, e.g. 2023-11-01.yaml, not '\(fileName)'")]
        }
        guard let profile else { return [] }
        let info = profile.ordinance
        if let effective = info.effective, effective != named {
            problems.append(Diagnostic(file: file, position: info.position, rule: .versionFile,
                                       message: "the file is named \(named) but ordinance.effective is \(effective)"))
        }
        if info.tenant != tenant {
            problems.append(Diagnostic(file: file, position: info.position, rule: .versionFile,
                                       message: "ordinance.tenant is '\(info.tenant)' but the file is in the folder of '\(tenant)'"))
        }
        return problems
    }

    /// Each later version amends one before it; no enacted version follows a draft.
    private static func checkSequence(_ versions: [Profile]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let dates = Set(versions.compactMap(\.ordinance.effective))
        for (index, profile) in versions.enumerated() {
            let info = profile.ordinance
            if let amends = info.amends, !dates.contains(amends) {
                problems.append(Diagnostic(file: profile.file, position: info.position, rule: .versionFile,
                                           message: "ordinance.amends names \(amends), but no version takes effect on that date"))
            }
            if index > 0, info.amends == nil {
                problems.append(Diagnostic(file: profile.file, position: info.position, rule: .versionFile,
                                           message: "a later version says which version it amends (ordinance.amends)"))
            }
            if info.isEnacted, let draft = versions[..<index].last(where: { !$0.ordinance.isEnacted }) {
                problems.append(Diagnostic(file: profile.file, position: info.position, rule: .datesOutOfOrder,
                                           message: "an enacted version takes effect after the draft \(draft.file); enact or remove the draft first"))
            }
        }
        return problems
    }
}
