import Foundation
import Ordinance
import Yams

/// Load-and-check time of each profile, next to the time Yams alone needs to parse the
/// same text (the baseline), measured in the same run.
func profileBench(root: URL) throws {
let rounds = 200
print("profile                         bytes   parse only (ms)   load+check (ms)   ratio")
for folder in ProfileLibrary.tenantFolders(in: root) {
    for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".yaml") {
        let url = folder.appendingPathComponent(file)
        let data = try Data(contentsOf: url)
        let text = String(decoding: data, as: UTF8.self)
        let parse = medianMilliseconds(rounds) { _ = try? Yams.compose(yaml: text) }
        var errors = 0
        let load = medianMilliseconds(rounds) { errors = ProfileLoader.load(contentsOf: url).errors.count }
        let name = "\(folder.lastPathComponent)/\(file)"
        print(name.padding(toLength: 30, withPad: " ", startingAt: 0),
              String(format: "%7d   %15.2f   %15.2f   %5.2fx%@", data.count, parse, load, load / parse, errors > 0 ? "  (has errors)" : ""))
    }
}
print("median of \(rounds) rounds each; ratio = load+check / Yams parse of the same text")
}
