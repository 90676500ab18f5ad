import Foundation

/// The outcome of loading one profile file: the profile, when it has no errors, and
/// every problem found, errors and warnings, in file order.
public struct LoadedProfile: Sendable {
    public let profile: Profile?
    public let diagnostics: [Diagnostic]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// Reads and checks ordinance profiles.
public enum ProfileLoader {
    /// Loads `data` as the profile file named `file` (the name appears in messages).
    public static func load(data: Data, file: String) -> LoadedProfile {
        let context = ReadContext(file: file)
        let profile = ProfileReader(context: context).read(data)
        if let profile { ProfileChecker(profile: profile, context: context).check() }
        let diagnostics = context.diagnostics.sortedByPosition()
        return LoadedProfile(profile: diagnostics.hasErrors ? nil : profile, diagnostics: diagnostics)
    }

    /// Loads the profile at `url`; `file` is how the path is shown (defaults to the path).
    public static func load(contentsOf url: URL, file: String? = nil) -> LoadedProfile {
        let name = file ?? url.path
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            if let size = attributes[.size] as? Int, size > ProfileReader.maximumSize {
                // Refuse before reading a huge file into memory.
                let context = ReadContext(file: name)
                ProfileReader(context: context).refuseSize(size)
                return LoadedProfile(profile: nil, diagnostics: context.diagnostics)
            }
            return load(data: try Data(contentsOf: url), file: name)
        } catch {
            let problem = Diagnostic(file: name, position: .start, rule: .fileUnreadable,
                                     message: "cannot read the file: \(error.localizedDescription)")
            return LoadedProfile(profile: nil, diagnostics: [problem])
        }
    }
}
