import Foundation

/// The language and calendar packs found in a deployment's `plugins/` folder. They serve
/// every tenant whose profile needs them: a profile publishing in `ug` uses the pack that
/// provides `ug`, one naming `regional: calendar-xinjiang` uses that pack, and every tenant
/// uses the national calendar pack. Dropping a pack into the folder is all it takes.
public struct PackShelf: Sendable {
    public let folder: URL
    /// Language packs that loaded without errors, by language tag.
    public let languages: [String: LanguagePack]
    /// Calendar packs that loaded without errors, by name.
    public let calendars: [String: CalendarPack]
    /// Problems found in the packs, with file:line:column; a pack with errors is left off the shelf.
    public let diagnostics: [Diagnostic]
    /// Language packs left off for their errors, by the language their manifest names.
    public let brokenLanguages: [String: String]
    /// The packs' files as the file system saw them, to notice a change.
    public let stamp: String

    /// Reads every pack under `folder`.
    public static func load(folder: URL) -> PackShelf {
        let folder = folder.standardizedFileURL
        var languages: [String: LanguagePack] = [:], calendars: [String: CalendarPack] = [:], broken: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        for (name, loaded) in PluginManifestLoader.loadAll(in: folder) {
            diagnostics += loaded.diagnostics
            guard let manifest = loaded.manifest else { continue }
            let display = "\(folder.lastPathComponent)/\(name)"
            switch manifest.kind {
            case .hook:
                continue
            case .language:
                let (pack, found) = LanguagePackReader.load(manifest, file: "\(display)/words.yaml")
                diagnostics += found
                guard let tag = manifest.language else { continue }
                if let pack {
                    if let other = languages[tag] {
                        diagnostics.append(Diagnostic(file: "\(display)/plugin.yaml", position: manifest.position, rule: .duplicateCode,
                                                      message: "language: '\(tag)' is also provided by \(other.manifest.name); keep one pack per language"))
                    } else {
                        languages[tag] = pack
                    }
                } else {
                    broken[tag] = found.filter { $0.severity == .error }.prefix(3).map(\.description).joined(separator: "; ")
                }
            case .calendar:
                let (pack, found) = CalendarPackReader.load(manifest, display: display)
                diagnostics += found
                if let pack { calendars[manifest.name] = pack }
            }
        }
        let national = calendars.values.filter(\.isNational).map(\.name).sorted()
        if national.count > 1 {
            diagnostics.append(Diagnostic(file: folder.lastPathComponent, position: .start, rule: .duplicateCode,
                                          message: "several national calendar packs (\(national.joined(separator: ", "))); keep one"))
        }
        return PackShelf(folder: folder, languages: languages, calendars: calendars, diagnostics: diagnostics,
                         brokenLanguages: broken, stamp: stamp(of: folder))
    }

    /// Names, sizes and modification times of every pack file under `folder`.
    public static func stamp(of folder: URL) -> String {
        let manager = FileManager.default
        var parts: [String] = []
        for name in ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() {
            let pack = folder.appendingPathComponent(name)
            let years = ((try? manager.contentsOfDirectory(atPath: pack.appendingPathComponent("years").path)) ?? []).sorted().map { "years/\($0)" }
            for file in ["plugin.yaml", "words.yaml"] + years {
                let path = pack.appendingPathComponent(file).path
                guard let attributes = try? manager.attributesOfItem(atPath: path) else { continue }
                let size = (attributes[.size] as? Int) ?? 0
                let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                parts.append("\(name)/\(file):\(size):\(time)")
            }
        }
        return parts.joined(separator: "|")
    }

    /// The national calendar, or why there is none to use.
    public func nationalCalendar() -> (calendar: HolidayCalendar?, problem: String?) {
        let national = calendars.values.filter(\.isNational).sorted { $0.name < $1.name }
        if let pack = national.first { return (pack.national, nil) }
        let errors = diagnostics.filter { $0.severity == .error }.prefix(3).map(\.description)
        return (nil, "no national calendar pack (kind: calendar, scope: national) in \(folder.path)"
                    + (errors.isEmpty ? "" : "; problems found: \(errors.joined(separator: "; "))"))
    }

    /// A profile's calendar with its regional pack's years filled in.
    public func resolved(_ calendar: CalendarRules) -> CalendarRules {
        guard let name = calendar.regional?.pack, let pack = calendars[name], !pack.isNational else { return calendar }
        var resolved = calendar
        var regional = pack.regional
        regional.position = calendar.regional?.position ?? .start
        resolved.regional = regional
        return resolved
    }

    /// What a profile needs of the shelf: a language pack for each publication language, and
    /// the regional calendar pack it names. Each missing one is an error at the place that
    /// needs it; a pack whose words still need review is a warning.
    public func requirements(of profile: Profile) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let article = profile.cite(profile.publication.article)
        for language in profile.publication.languages {
            if let pack = languages[language] {
                if let review = pack.review {
                    found.append(Diagnostic(file: profile.file, position: profile.publication.position, severity: .warning, rule: .missingPack,
                                            message: "publication.languages: the '\(language)' words of \(pack.manifest.name) still need a translator's review (\(review))"))
                }
                continue
            }
            let message: String
            if let problems = brokenLanguages[language] {
                message = "publication.languages: the language pack for '\(language)' has errors, so it is not used: \(problems)"
            } else {
                let provided = languages.keys.sorted().joined(separator: ", ")
                message = "publication.languages: no language pack provides '\(language)' (packs in \(folder.lastPathComponent)/: \(provided.isEmpty ? "none" : provided)); "
                    + "add \(folder.lastPathComponent)/lang-\(language)/ with plugin.yaml (kind: language, language: \(language)) and words.yaml giving "
                    + "publication: \(LanguagePack.Keys.publication.keys.sorted().joined(separator: ", ")) and pages: \(LanguagePack.Keys.pages.joined(separator: ", "))"
            }
            found.append(Diagnostic(file: profile.file, position: profile.publication.position, rule: .missingPack, message: message, article: article))
        }
        if let regional = profile.calendar.regional, let name = regional.pack {
            if let pack = calendars[name] {
                if pack.isNational {
                    found.append(Diagnostic(file: profile.file, position: regional.position, rule: .missingPack,
                                            message: "calendar.regional: \(name) is the national calendar, which every tenant has; name a regional pack"))
                }
            } else {
                let regionals = calendars.values.filter { !$0.isNational }.map(\.name).sorted()
                found.append(Diagnostic(file: profile.file, position: regional.position, rule: .missingPack,
                                        message: "calendar.regional: no calendar pack '\(name)' in \(folder.lastPathComponent)/ (regional packs: \(regionals.isEmpty ? "none" : regionals.joined(separator: ", ")))"))
            }
        }
        return found
    }
}
