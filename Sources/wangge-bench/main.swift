import Foundation
import Ordinance
import Yams

// Load-and-check time of each profile, next to the time Yams alone needs to parse the same
// text (the baseline), measured in the same run. Run: swift run -c release wangge-bench [ROOT]

let root = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? "ordinances")
let rounds = 200

func medianMilliseconds(_ body: () -> Void) -> Double {
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    }
    return samples.sorted()[samples.count / 2]
}

print("profile                         bytes   parse only (ms)   load+check (ms)   ratio")
for folder in ProfileLibrary.tenantFolders(in: root) {
    for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".yaml") {
        let url = folder.appendingPathComponent(file)
        let data = try Data(contentsOf: url)
        let text = String(decoding: data, as: UTF8.self)
        let parse = medianMilliseconds { _ = try? Yams.compose(yaml: text) }
        var errors = 0
        let load = medianMilliseconds { errors = ProfileLoader.load(contentsOf: url).errors.count }
        let name = "\(folder.lastPathComponent)/\(file)"
        print(name.padding(toLength: 30, withPad: " ", startingAt: 0),
              String(format: "%7d   %15.2f   %15.2f   %5.2fx%@", data.count, parse, load, load / parse, errors > 0 ? "  (has errors)" : ""))
    }
}
print("median of \(rounds) rounds each; ratio = load+check / Yams parse of the same text")
