import Foundation

// Benchmarks that print figures; speed goals live here, never in timed unit tests.
//   swift run -c release wangge-bench profiles [ROOT]   load-and-check time per profile
//   swift run -c release wangge-bench tenants [ROOT]    onboarding per city; opening 100 tenants
//   swift run -c release wangge-bench cases [ROOT]      lifecycle throughput; case list --overdue over 1,000,000 cases
//   swift run -c release wangge-bench stats [ROOT] [ROWS] evaluation figures over a year of 1,000,000 cases, next to COUNT(*)
//   swift run -c release wangge-bench hello PORT        a bare Hummingbird hello-world, the baseline of scripts/bench-http

let arguments = Array(CommandLine.arguments.dropFirst())
let root = URL(fileURLWithPath: arguments.dropFirst().first ?? "ordinances")
switch arguments.first {
case "profiles": try profileBench(root: root)
case "tenants": try tenantBench(root: root)
case "stats": try await statsBench(root: root, rows: Int(arguments.dropFirst(2).first ?? "") ?? 1_000_000)
case "hello": try await helloServer(port: Int(arguments.dropFirst().first ?? "") ?? 8182)
case "cases": try await caseBench(root: root, cases: Int(arguments.dropFirst(3).first ?? "") ?? 500, listRows: Int(arguments.dropFirst(2).first ?? "") ?? 1_000_000)
default:
    try profileBench(root: root)
    print()
    try tenantBench(root: root)
    print()
    try await caseBench(root: root, cases: 500, listRows: 1_000_000)
    print()
    try await statsBench(root: root, rows: 1_000_000)
}

/// The median of `rounds` timings of `body`, in milliseconds.
func medianMilliseconds(_ rounds: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    }
    return samples.sorted()[samples.count / 2]
}

/// Resident memory of this process in MiB, from /proc/self/status.
func residentMiB() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    let kib = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    return kib / 1024
}
