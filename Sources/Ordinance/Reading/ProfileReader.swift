import Foundation
import Yams

/// Reads a profile from YAML text into the model, reporting every problem of shape
/// (syntax, types, unknown or missing keys, bad values) with its position.
/// Checks of meaning that need the whole profile run afterwards in `ProfileChecker`.
struct ProfileReader {
    /// Profiles are small (the largest city is some 40 KB); anything past this is a mistake.
    static let maximumSize = 1 << 20

    let context: ReadContext

    /// Reads `data` as the profile file `file`. Returns nil when the text is not a YAML
    /// mapping at all; otherwise a model, possibly partial, with problems in `context`.
    func read(_ data: Data) -> Profile? {
        guard data.count <= Self.maximumSize else {
            refuseSize(data.count)
            return nil
        }
        guard let text = String(data: data, encoding: .utf8), !text.contains("\u{0}") else {
            context.report(.encoding, "the file is not UTF-8 text; save the profile as UTF-8", at: .start)
            return nil
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            context.report(.emptyDocument, "the file is empty; a profile starts with 'format: \(profileFormat)'", at: .start)
            return nil
        }
        do {
            let parser = try Parser(yaml: text)
            guard let root = try parser.singleRoot() else {
                context.report(.emptyDocument, "the file holds no YAML document", at: .start)
                return nil
            }
            // The parser owns the anchors that `admits` looks at: keep it alive while reading.
            return withExtendedLifetime(parser) { readRoot(root) }
        } catch let error as YamlError {
            reportSyntax(error)
            return nil
        } catch {
            context.report(.yamlSyntax, "\(error)", at: .start)
            return nil
        }
    }

    func refuseSize(_ bytes: Int) {
        context.report(.fileTooLarge,
                       "the file is \(bytes) bytes; a profile may be at most \(Self.maximumSize) bytes (1 MiB)",
                       at: .start)
    }

    private func readRoot(_ root: Node) -> Profile? {
        let value = Value(node: root, path: "", context: context)
        guard context.admits(root, path: "profile"), case .mapping = root else {
            context.report(.wrongType, "a profile is a YAML mapping starting with 'format: \(profileFormat)', found \(root.typeName)",
                           at: root.position)
            return nil
        }
        guard let top = value.object([
            "format", "ordinance", "publication", "levels", "grids", "roles", "conduct", "complaints", "periods", "departments",
            "catalogue", "workflow", "notice_board", "access", "calendar", "evaluation",
        ]) else { return nil }

        var profile = Profile()
        profile.file = context.file
        if let format = top.required("format"), let text = format.string() {
            if text != profileFormat {
                format.fail(.invalidValue, "unsupported format '\(text)'; this version of Wangge reads '\(profileFormat)'")
            }
            profile.format = text
        }
        // Publication first: public text read later is checked against its languages.
        if let publication = top.read("publication", readPublication) { profile.publication = publication }
        if let ordinance = top.need("ordinance", readOrdinance) { profile.ordinance = ordinance }
        profile.levels = top.need("levels") { $0.list(readLevel) } ?? []
        if let grids = top.need("grids", readGrids) { profile.grids = grids }
        profile.roles = top.need("roles") { $0.list(readRole) } ?? []
        profile.conduct = top.read("conduct", readConduct)
        profile.complaints = top.read("complaints", readComplaints)
        profile.departments = top.need("departments") { $0.list(readDepartment) } ?? []
        if let catalogue = top.need("catalogue", readCatalogue) { profile.catalogue = catalogue }
        if let workflow = top.need("workflow", readWorkflow) { profile.workflow = workflow }
        profile.periods = top.read("periods") { $0.list(readPeriod) } ?? []
        context.requireUnique(profile.periods, what: "period", key: \.key, position: \.position)
        profile.noticeBoard = top.read("notice_board", readNoticeBoard)
        profile.access = top.read("access", readAccess)
        if let calendar = top.read("calendar", readCalendar) { profile.calendar = calendar }
        profile.evaluation = top.read("evaluation", readEvaluation)

        context.requireUnique(profile.levels, what: "level", key: \.key, position: \.position)
        context.requireUnique(profile.roles, what: "role", key: \.key, position: \.position)
        context.requireUnique(profile.departments, what: "department", key: \.code, position: \.position)
        return profile
    }

    /// Turns a libyaml error into a diagnostic at the place libyaml points to.
    func reportSyntax(_ error: YamlError) {
        switch error {
        case .scanner(let ctx, let problem, let mark, _),
             .parser(let ctx, let problem, let mark, _),
             .composer(let ctx, let problem, let mark, _):
            var message = problem
            if let ctx { message = "\(problem) (\(ctx.text) at line \(ctx.mark.line), column \(ctx.mark.column))" }
            let rule: Rule = problem.contains("another document") ? .singleDocument : .yamlSyntax
            context.report(rule, message, at: Position(line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let ctx):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            context.report(.duplicateKey, "key \(keys) appears more than once in the same mapping",
                           at: Position(line: ctx.mark.line, column: ctx.mark.column))
        case .reader(let problem, let offset, _, let yaml):
            let position = offset.map { Self.position(ofCharacterOffset: $0, in: yaml) } ?? .start
            context.report(.encoding, problem, at: position)
        default:
            context.report(.yamlSyntax, "\(error)", at: .start)
        }
    }

    private static func position(ofCharacterOffset offset: Int, in text: String) -> Position {
        var line = 1, column = 1
        for ch in text.prefix(offset) {
            if ch == "\n" { line += 1; column = 1 } else { column += ch.unicodeScalars.count }
        }
        return Position(line: line, column: column)
    }
}
