import Foundation
import Yams

extension ReadContext {
    /// Reads `data` as one YAML document of at most 1 MiB of UTF-8 text and hands its root to
    /// `read`. Every problem (unreadable, too large, not UTF-8, bad YAML, empty) is reported in
    /// this context with its position, as for profiles; nil when there is nothing to read.
    func readDocument<T>(_ data: Data?, empty: String, _ read: (Value) -> T?) -> T? {
        guard let data else {
            report(.fileUnreadable, "cannot read the file", at: .start)
            return nil
        }
        guard data.count <= ProfileReader.maximumSize else {
            report(.fileTooLarge, "the file is \(data.count) bytes; at most \(ProfileReader.maximumSize) bytes (1 MiB)", at: .start)
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            report(.encoding, "the file is not UTF-8 text", at: .start)
            return nil
        }
        do {
            let parser = try Parser(yaml: text)
            guard let root = try parser.singleRoot() else {
                report(.emptyDocument, empty, at: .start)
                return nil
            }
            return withExtendedLifetime(parser) { read(Value(node: root, path: "", context: self)) }
        } catch let error as YamlError {
            ProfileReader(context: self).reportSyntax(error)
        } catch {
            report(.yamlSyntax, "\(error)", at: .start)
        }
        return nil
    }
}
