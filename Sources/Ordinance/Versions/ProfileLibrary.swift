import Foundation

/// The folder of all tenants' ordinances (`ordinances/`), and checking of any set of paths.
public enum ProfileLibrary {
    /// The result of checking some paths: what was checked and what was found.
    public struct CheckReport: Sendable {
        public var files = 0
        public var tenants: [String] = []
        public var diagnostics: [Diagnostic] = []

        public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
        public var warningCount: Int { diagnostics.count - errorCount }
    }

    /// Tenant folders under `root`: subfolders holding at least one `.yaml` file.
    public static func tenantFolders(in root: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().map { root.appendingPathComponent($0) }.filter {
            isDirectory($0) && !TenantProfiles.versionFiles(in: $0).isEmpty
        }
    }

    /// Loads one tenant's versions from `root/<tenant>`.
    public static func tenant(_ key: String, in root: URL) -> TenantProfiles? {
        let folder = root.appendingPathComponent(key)
        guard !key.contains("/"), !key.hasPrefix("."), isDirectory(folder) else { return nil }
        return TenantProfiles(folder: folder, displayFolder: display(folder))
    }

    /// Checks files and folders: a file as one profile, a tenant folder as all its
    /// versions, and any other folder as a root of tenant folders. With `packs`, each profile
    /// is also checked for the language and calendar packs it needs.
    public static func check(paths: [String], packs: PackShelf? = nil) -> CheckReport {
        var report = CheckReport()
        for path in paths {
            let url = URL(fileURLWithPath: path)
            if !FileManager.default.fileExists(atPath: path) {
                report.diagnostics.append(Diagnostic(file: path, position: .start, rule: .fileUnreadable,
                                                     message: "no such file or folder"))
            } else if !isDirectory(url) {
                let result = ProfileLoader.load(contentsOf: url, file: path)
                report.files += 1
                report.diagnostics += result.diagnostics + (result.profile.flatMap { packs?.requirements(of: $0) } ?? [])
            } else if !TenantProfiles.versionFiles(in: url).isEmpty {
                add(TenantProfiles(folder: url, displayFolder: trimmed(path), packs: packs), to: &report)
            } else {
                let folders = tenantFolders(in: url)
                if folders.isEmpty {
                    report.diagnostics.append(Diagnostic(file: path, position: .start, rule: .versionFile,
                                                         message: "no tenant folders with profile versions here"))
                }
                for folder in folders {
                    add(TenantProfiles(folder: folder, displayFolder: "\(trimmed(path))/\(folder.lastPathComponent)", packs: packs), to: &report)
                }
            }
        }
        return report
    }

    private static func add(_ tenant: TenantProfiles, to report: inout CheckReport) {
        report.files += tenant.fileCount
        report.tenants.append(tenant.tenant)
        report.diagnostics += tenant.diagnostics
    }

    private static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    private static func display(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }

    public static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
