import Foundation
import Testing
@testable import Ordinance

/// The repository's `ordinances/` folder, found from this file's path.
let ordinancesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ordinances")

/// Loads YAML text as the profile file `test.yaml`.
func load(_ yaml: String) -> LoadedProfile {
    ProfileLoader.load(data: Data(yaml.utf8), file: "test.yaml")
}

/// The minimal profile with `old` replaced by `new` (the replacement must apply).
func minimal(replacing old: String, with new: String) -> String {
    precondition(minimalProfile.contains(old), "fixture does not contain: \(old)")
    return minimalProfile.replacingOccurrences(of: old, with: new)
}

/// The one diagnostic a broken profile should produce, rendered as the CLI prints it.
func onlyProblem(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    let result = load(yaml)
    #expect(result.profile == nil, "a profile with an error must not load", sourceLocation: sourceLocation)
    #expect(result.diagnostics.count == 1, "expected one problem, got: \(result.diagnostics)", sourceLocation: sourceLocation)
    return result.diagnostics.first?.description
}

/// A small profile that passes every check: two languages, a four-step workflow.
/// Line numbers below are relied on by the tests; add lines only at the end.
let minimalProfile = """
format: wangge/ordinance-profile/1
publication: {languages: [zh, bo], art: 第二条}
ordinance:
  tenant: testcity
  title: {zh: 测试条例, bo: ཚོད་ལྟའི་སྒྲིག་གཞི།}
  city: {zh: 测试市, bo: ཚོད་ལྟའི་གྲོང་ཁྱེར།}
  division_code: "540100"
  articles: 10
  adopted: {by: 测试市人大常委会, date: 2023-08-31}
  approved: {by: 自治区人大常委会, date: 2023-09-22}
  effective: 2023-11-01
  art: 第十条
levels:
  - {key: city, name: {zh: 市, bo: གྲོང་ཁྱེར།}, office: {name: {zh: 市网格中心, bo: གྲོང་ཁྱེར་ལྟེ་གནས།}, art: 第三条}, art: 第三条}
  - {key: township, name: {zh: 乡镇, bo: ཤང་།}, office: {name: {zh: 乡镇网格中心, bo: ཤང་ལྟེ་གནས།}, art: 第三条}, art: 第三条}
  - {key: grid, name: {zh: 网格, bo: དྲ་མིག}, art: 第三条}
grids:
  level: grid
  divided_by: {level: township, art: 第四条}
  kinds:
    - {key: comprehensive, name: {zh: 综合网格, bo: ཕྱོགས་བསྡུས་དྲ་མིག}, art: 第四条}
  code:
    segments: [{division: township, digits: 9}, {serial: 3}]
    art: 第四条
  art: 第四条
roles:
  - {key: worker, kind: full_time_worker, name: {zh: 网格员, bo: དྲ་མིག་ལས་བྱེད་པ།}, at: [grid], art: 第五条}
  - {key: staff, kind: office_staff, name: {zh: 工作人员, bo: ལས་བྱེད་པ།}, at: [city, township], art: 第五条}
  - {key: handler, kind: department_handler, name: {zh: 承办人, bo: འགན་ལེན་པ།}, at: [department], art: 第五条}
departments:
  - {code: police, name: {zh: 公安, bo: སྤྱི་བདེ།}, art: 第六条}
catalogue:
  compiled_by: [city]
  admission: {kind: approval, decided_by: {level: same, role: staff, art: 第七条}, art: 第七条}
  exit: {kind: notification, art: 第七条}
  forbidden:
    - {key: penalty, name: 行政处罚, art: 第七条}
  categories:
    - {key: safety, name: {zh: 安全, bo: བདེ་འཇགས།}, art: 第七条}
  items:
    - {code: T-01, name: {zh: 隐患, bo: ཉེན་ཁ།}, category: safety, department: police, time_limit: 2 workdays, art: 第七条}
  art: 第七条
workflow:
  start: report
  steps:
    - key: report
      kind: report
      name: {zh: 上报, bo: ཞུ་འབུལ།}
      actor: {role: worker}
      channels: [worker]
      next: [accept]
      art: 第八条
    - key: accept
      kind: accept
      name: {zh: 受理, bo: དང་ལེན།}
      actor: {role: staff, level: township}
      time_limit: 4 workhours
      time_limit_source: {local: 本市实施办法}
      next: [handle]
      art: 第八条
    - key: handle
      kind: handle
      name: {zh: 办理, bo: སྒྲུབ་པ།}
      actor: {role: handler}
      time_limit: item
      next: [close]
      art: 第八条
    - key: close
      kind: close
      name: {zh: 办结, bo: མཇུག་སྒྲིལ།}
      actor: {role: staff, level: township}
      art: 第八条
  art: 第八条
calendar:
  office_hours: ["09:00-12:00", "13:30-17:30"]

"""
