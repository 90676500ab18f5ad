import Foundation

/// Turns a draft version's file into adopted law: `status: draft` becomes `status: adopted`
/// with the amending decision beside it, written into the file legal staff keep, so the
/// text and its enactment travel together. The result must load without errors, or nothing
/// is written.
public enum Adoption {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public let diagnostics: [Diagnostic]
    }

    /// The draft's text adopted by `decision`; `file` names it in messages.
    public static func adopt(_ text: String, file: String, decision: Decision) throws -> String {
        guard let draft = ProfileLoader.load(data: Data(text.utf8), file: file).profile else {
            throw Failure(description: "\(file) does not load; fix it (wangge ordinance check) before adopting it",
                          diagnostics: ProfileLoader.load(data: Data(text.utf8), file: file).errors)
        }
        guard draft.ordinance.status == .draft else {
            throw Failure(description: "\(file) is \(draft.ordinance.status.rawValue), not a draft; an enacted version is changed by a new amendment or recorded as a correction",
                          diagnostics: [])
        }
        var lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return line.hasPrefix(" ") && (trimmed == "status: draft" || trimmed.hasPrefix("status: draft #"))
        }) else {
            throw Failure(description: "\(file): no 'status: draft' line in the ordinance section to change", diagnostics: [])
        }
        let indent = String(lines[index].prefix { $0 == " " })
        lines[index] = indent + "status: adopted"
        let approval = decision.approved.map { ", approved: {by: \(quoted($0.body)), date: \($0.date?.description ?? "")}" } ?? ""
        lines.insert(indent + "decision: {title: \(quoted(decision.title)), by: \(quoted(decision.body)), date: \(decision.date?.description ?? "")\(approval)}",
                     at: index + 1)
        let adopted = lines.joined(separator: "\n")
        let loaded = ProfileLoader.load(data: Data(adopted.utf8), file: file)
        guard loaded.profile != nil else {
            throw Failure(description: "adopted, \(file) would not load", diagnostics: loaded.errors)
        }
        return adopted
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ") + "\""
    }
}
