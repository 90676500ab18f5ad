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

/// A citizen who asked a worker to report.
let citizen = Reporter(channel: .citizen, name: "张三", phone: "13900000000", idNumber: "540102199001011234")
