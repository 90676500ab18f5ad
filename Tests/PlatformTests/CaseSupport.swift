import Foundation
import Kernel
import Ordinance
import Platform

/// An instant in China's time zone: "2025-06-03 10:00".
func time(_ text: String) -> Date {
    let formatter = DateFormatter()
    formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.date(from: text)!
}

func show(_ date: Date?) -> String {
    guard let date else { return "—" }
    let formatter = DateFormatter()
    formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: date)
}

/// A tenant onboarded with its sample units and staff.
func city(_ key: String) throws -> Tenant {
    let tenant = try deployment(with: [key]).open(key)
    _ = try tenant.org.importUnits(csv: try sample(key, "units.csv"), file: "units.csv", on: day)
    _ = try tenant.staff.importStaff(csv: try sample(key, "staff.csv"), file: "staff.csv", on: day)
    return tenant
}

/// `key` onboarded from its profile as `edit` changes it, with the sample units and staff:
/// for a rule the shipped profile does not have.
func city(_ key: String, version: String, editing edit: (String) -> String) throws -> Tenant {
    let folder = scratch.appendingPathComponent("edited-\(UUID())/\(key)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let text = try String(contentsOf: ordinances.appendingPathComponent("\(key)/\(version).yaml"), encoding: .utf8)
    try edit(text).write(to: folder.appendingPathComponent("\(version).yaml"), atomically: true, encoding: .utf8)
    let deployment = try freshDeployment()
    _ = try deployment.onboard(key: key, profileFolder: folder, on: day)
    let tenant = try deployment.open(key)
    _ = try tenant.org.importUnits(csv: try sample(key, "units.csv"), file: "units.csv", on: day)
    _ = try tenant.staff.importStaff(csv: try sample(key, "staff.csv"), file: "staff.csv", on: day)
    return tenant
}

/// A citizen who asked a worker to report.
let citizen = Reporter(channel: .citizen, name: "张三", phone: "13900000000", idNumber: "540102199001011234")
