import Foundation
import Testing
import Ordinance
import Platform

/// Org units, grids and household units, checked against the city's profile.
@Suite("Org structure")
struct OrgTests {
    /// Lhasa with 城关区 › 八廓街道 › 冲赛康社区 and no grids yet.
    private func lhasa() throws -> Tenant {
        let tenant = try deployment(with: ["lhasa"]).open("lhasa")
        let county = try tenant.org.addUnit(level: "county", name: "城关区", parent: nil, divisionCode: "540102", on: day)
        let street = try tenant.org.addUnit(level: "township", name: "八廓街道", parent: "\(county.id)", divisionCode: "540102002000", on: day)
        _ = try tenant.org.addUnit(level: "community", name: "冲赛康社区", parent: "\(street.id)", divisionCode: "540102002001", on: day)
        return tenant
    }

    @Test("units follow the profile's levels one step at a time")
    func levels() throws {
        let tenant = try lhasa()
        defer { try? tenant.close() }
        #expect(refusal { _ = try tenant.org.addUnit(level: "community", name: "某社区", parent: nil, divisionCode: nil, on: day) }
            == ["--level: a community unit belongs under a township (乡镇（街道）) unit, but '拉萨市' is a city [unit-level] — 拉萨市网格化服务管理条例 第九条"])
        #expect(refusal { _ = try tenant.org.addUnit(level: "village", name: "某村", parent: nil, divisionCode: nil, on: day) }
            == ["--level: no level 'village' in the profile (levels: city, county, township, community, grid) [unknown-level]"])
        #expect(refusal { _ = try tenant.org.addUnit(level: "county", name: "城关区", parent: nil, divisionCode: nil, on: day) }
            == ["--level: '拉萨市' already has a unit named '城关区' [duplicate-unit]"])
        let tree = try tenant.org.units(on: day)
        #expect(tree.map(\.name) == ["拉萨市", "城关区", "八廓街道", "冲赛康社区"])
        #expect(tree.map(\.depth) == [0, 1, 2, 3])
    }

    @Test("a grid code follows the layout and carries its community's division code")
    func gridCodes() throws {
        let tenant = try lhasa()
        defer { try? tenant.close() }
        let grid = try tenant.org.addGrid(parent: "540102002001", name: "第一网格", kind: "comprehensive",
                                      code: "540102002001001", households: 250, area: "urban", on: day)
        #expect(grid.created.grid?.code == "540102002001001")
        #expect(refusal { _ = try tenant.org.addGrid(parent: "540102002001", name: "第二网格", kind: "comprehensive", code: "5401020020010", households: 250, area: "urban", on: day) }
            == ["--code: grid code '5401020020010' does not follow the layout ^[0-9]{12}[0-9]{3}$ (西藏自治区网格编码规则) [grid-code-layout] — 拉萨市网格化服务管理条例 第十一条第一款"])
        #expect(refusal { _ = try tenant.org.addGrid(parent: "540102002001", name: "第二网格", kind: "comprehensive", code: "540102002009002", households: 250, area: "urban", on: day) }
            == ["--code: grid code '540102002009002' should carry the division code of '冲赛康社区' (540102002001), not 540102002009 [grid-code-layout] — 拉萨市网格化服务管理条例 第十一条第一款"])
        #expect(refusal { _ = try tenant.org.addGrid(parent: "540102002001", name: "第二网格", kind: "comprehensive", code: "540102002001001", households: 250, area: "urban", on: day) }
            == ["--code: grid code 540102002001001 is already used by 第一网格; a grid code is unique [duplicate-grid-code] — 拉萨市网格化服务管理条例 第十一条第一款"])
        #expect(refusal { _ = try tenant.org.addGrid(parent: "540102002001", name: "第二网格", kind: "micro", code: "540102002001002", households: 25, area: "urban", on: day) }
            == ["--code: 'micro' is not a grid kind of this ordinance (kinds: comprehensive (综合网格), exclusive (专属网格)) [grid-kind] — 拉萨市网格化服务管理条例 第十条"])
    }

    @Test("household counts outside Changji's size rules warn, as the profile says (第六条)")
    func sizeRules() throws {
        let tenant = try deployment(with: ["changji"]).open("changji")
        defer { try? tenant.close() }
        _ = try tenant.org.importUnits(csv: try sample("changji", "units.csv"), file: "units.csv", on: day)
        let small = try tenant.org.addGrid(parent: "652301001001", name: "小网格", kind: "comprehensive", code: "652301001001003",
                                       households: 150, area: "urban", on: day)
        #expect(small.warnings.map(\.description) == [
            "--code: warning: 城乡网格 (urban) should have 200–300 户; this one has 150 [grid-size] — 昌吉回族自治州城乡网格化管理服务条例 第六条第二款",
        ])
        let rural = try tenant.org.addGrid(parent: "652301203201", name: "大网格", kind: "comprehensive", code: "652301203201003",
                                       households: 400, area: "rural", on: day)
        #expect(rural.warnings.first?.message == "城乡网格 (rural) should have about 300 (240–360) 户; this one has 400")
        let fine = try tenant.org.addGrid(parent: "652301203201", name: "三网格", kind: "comprehensive", code: "652301203201004",
                                      households: 330, area: "rural", on: day)
        #expect(fine.warnings == [])
        // With no area given the rules still apply: 5,000 and 9,000 households fit neither (before, no warning at all).
        for (code, households) in [("652301001001005", 5_000), ("652301001001006", 9_000)] {
            let unsaid = try tenant.org.addGrid(parent: "652301001001", name: "网格\(households)", kind: "comprehensive", code: code,
                                            households: households, area: "any", on: day)
            #expect(unsaid.warnings.map(\.description) == [
                "--code: warning: 城乡网格 has \(households) 户, which fits no size rule (urban 200–300, rural 240–360); say which area it is in (--area) [grid-size] — 昌吉回族自治州城乡网格化管理服务条例 第六条第二款",
            ])
        }
        let plausible = try tenant.org.addGrid(parent: "652301001001", name: "网格250", kind: "comprehensive", code: "652301001001007",
                                           households: 250, area: "any", on: day)
        #expect(plausible.warnings == [])
    }

    @Test("household units live inside a grid and cannot hold more households than it")
    func householdUnits() throws {
        let tenant = try lhasa()
        defer { try? tenant.close() }
        _ = try tenant.org.addGrid(parent: "540102002001", name: "第一网格", kind: "comprehensive", code: "540102002001001",
                               households: 20, area: "urban", on: day)
        _ = try tenant.org.addHouseholdUnit(grid: "540102002001001", name: "一组", households: 12, on: day)
        #expect(refusal { _ = try tenant.org.addHouseholdUnit(grid: "540102002001001", name: "二组", households: 10, on: day) }
            == ["--grid: 联户单位 '二组' would bring the grid's 联户单位 to 22 households; the grid has 20 [household-units] — 拉萨市网格化服务管理条例 第十一条第三款"])
        #expect(refusal { _ = try tenant.org.addHouseholdUnit(grid: "540102002001", name: "二组", households: 5, on: day) }
            == ["--grid: '冲赛康社区' is not a grid; 联户单位 are formed inside grids [household-units] — 拉萨市网格化服务管理条例 第十一条第三款"])
        #expect(try tenant.org.unit("540102002001001", on: day).householdUnits?.map(\.name) == ["一组"])

        let luzhou = try deployment(with: ["luzhou"]).open("luzhou")
        defer { try? luzhou.close() }
        _ = try luzhou.org.importUnits(csv: try sample("luzhou", "units.csv"), file: "units.csv", on: day)
        #expect(refusal { _ = try luzhou.org.addHouseholdUnit(grid: "510502001001001", name: "一组", households: 5, on: day) }
            == ["--grid: this ordinance has no household units (联户单位) [household-units]"])
    }

    @Test("a CSV with bad rows imports nothing and names every bad row")
    func csvAllOrNothing() throws {
        let tenant = try lhasa()
        defer { try? tenant.close() }
        let csv = """
            ref,parent,level,name,division_code,kind,code,households,area
            g1,540102002001,grid,第一网格,,comprehensive,540102002001001,250,urban
            g2,540102002001,grid,第二网格,,comprehensive,540102002001001,250,urban
            g3,540102002001,grid,第三网格,,comprehensive,540102002001003,many,urban
            h1,g1,household_unit,一组,,,,12,
            """
        #expect(refusal { _ = try tenant.org.importUnits(csv: csv, file: "grids.csv", on: day) } == [
            "grids.csv:3: grid code 540102002001001 is already used by 第一网格; a grid code is unique [duplicate-grid-code] — 拉萨市网格化服务管理条例 第十一条第一款",
            "grids.csv:4: households must be a whole number, found 'many' [csv]",
        ])
        #expect(try tenant.org.units(level: "grid", on: day).isEmpty)
        #expect(refusal { _ = try tenant.org.importUnits(csv: "ref,name\nx,y\n", file: "bad.csv", on: day) } == [
            "bad.csv:1: the header must name the columns ref,parent,level,name,division_code,kind,code,households,area; missing: parent, level [csv-header]",
        ])
    }
}

/// Counts from outside never overflow: the review crashed the server with household counts near Int.max.
@Suite("Bounded counts")
struct BoundedCountTests {
    @Test("grid kinds are the profile's own list, with their own counting unit; an area no size rule names is refused")
    func ownGridKinds() throws {
        let tenant = try city("changji", version: "2022-06-01") { text in
            text.replacingOccurrences(of: """
                    - key: exclusive
                      name: 专属网格
                """, with: """
                    - key: maritime
                      name: 海上网格
                      unit: 艘
                      size:
                        - {area: sea, min: 20, max: 60, severity: warning, art: 第六条第三款}
                      art: 第六条第三款
                    - key: exclusive
                      name: 专属网格
                """)
        }
        defer { try? tenant.close() }
        let fleet = try tenant.org.addGrid(parent: "652301001001", name: "渔港海上网格", kind: "maritime", code: "652301001001950", households: 80,
                                           area: "sea", on: day)
        #expect(fleet.warnings.map(\.message) == ["海上网格 (sea) should have 20–60 艘; this one has 80"])
        #expect(refusal { _ = try tenant.org.addGrid(parent: "652301001001", name: "沙漠网格", kind: "comprehensive", code: "652301001001951",
                                                     households: 250, area: "desert", on: day) }
            .first?.contains("'desert' is not an area of this profile's size rules (areas: any, rural, sea, urban) [grid-area]") == true)
    }

    @Test("household counts beyond any real grid are refused, for grids and household units alike")
    func hugeHouseholds() throws {
        let tenant = try deployment(with: ["lhasa"]).open("lhasa")
        defer { try? tenant.close() }
        let county = try tenant.org.addUnit(level: "county", name: "城关区", parent: nil, divisionCode: "540102", on: day)
        let street = try tenant.org.addUnit(level: "township", name: "八廓街道", parent: "\(county.id)", divisionCode: "540102002000", on: day)
        _ = try tenant.org.addUnit(level: "community", name: "冲赛康社区", parent: "\(street.id)", divisionCode: "540102002001", on: day)
        for count in [Int.max, Int.max - 1, -1, Int.min] {
            #expect(refusal { _ = try tenant.org.addGrid(parent: "540102002001", name: "大网格", kind: "comprehensive", code: "540102002001009",
                                                      households: count, area: "urban", on: day) }.first?.contains("[households]") == true)
        }
        _ = try tenant.org.addGrid(parent: "540102002001", name: "第一网格", kind: "comprehensive", code: "540102002001001",
                               households: 250, area: "urban", on: day)
        _ = try tenant.org.addHouseholdUnit(grid: "540102002001001", name: "一组", households: 10, on: day)
        for count in [Int.max, Int.max - 9] {
            #expect(refusal { _ = try tenant.org.addHouseholdUnit(grid: "540102002001001", name: "二组", households: count, on: day) }
                .first?.contains("[households]") == true)
        }
    }

    @Test("Luzhou's 微网格 (第八条) lie inside grids with their own codes and households; the grid keeps its own; rows that break the rules are named")
    func subGrids() throws {
        let luzhou = try city("luzhou")
        defer { try? luzhou.close() }
        let report = try luzhou.org.importUnits(csv: """
            ref,parent,level,name,division_code,kind,code,households,area
            m1,510502001001001,micro,白招牌社区第一网格一号微网格,,,510502001001001-01,120,
            m2,510502001001001,micro,白招牌社区第一网格二号微网格,,,510502001001001-02,150,
            """, file: "micro.csv", on: day)
        #expect(report.rows == 2)
        let units = try luzhou.org.units(on: day)
        let micro = units.filter { $0.level == "micro" }
        #expect(micro.map { $0.subGrid?.code } == ["510502001001001-01", "510502001001001-02"])
        #expect(micro.map { $0.subGrid?.households } == [120, 150])
        let grid = try #require(units.first { $0.grid?.code == "510502001001001" })
        #expect(grid.grid?.households == 310 && grid.grid?.kind == "comprehensive")  // the grid's own data stays
        #expect(micro.allSatisfy { $0.parentId == grid.id && $0.subGrid?.gridId == grid.id })
        // A sub-grid is found by its code, like a grid.
        #expect(try luzhou.org.unit("510502001001001-02", on: day).name == "白招牌社区第一网格二号微网格")
        // Refused, every row named, nothing written: more households than the grid has, a used
        // code, a sub-grid outside a grid, and the grid level asked of a sub-grid row.
        let refused = refusal {
            _ = try luzhou.org.importUnits(csv: """
                ref,parent,level,name,division_code,kind,code,households,area
                m3,510502001001001,micro,三号微网格,,,510502001001001-03,50,
                m4,510502001001002,micro,某微网格,,,510502001001001-01,10,
                m5,510502001001,micro,社区里的微网格,,,X-1,10,
                m6,510502001001002,micro,无编号,,,,10,
                """, file: "bad.csv", on: day)
        }
        #expect(refused.count == 4, "\(refused)")
        #expect(refused[0].hasPrefix("bad.csv:2: the 微网格s of '白招牌社区第一网格' would hold 320 户; the grid has 310 [sub-grid-size] — 泸州市基层社会治理网格化服务管理条例 第八条"))
        #expect(refused[1].contains("bad.csv:3:") && refused[1].contains("[duplicate-grid-code]"))
        #expect(refused[2].contains("bad.csv:4:") && refused[2].contains("is not a grid"))
        #expect(refused[3].contains("bad.csv:5:") && refused[3].contains("needs its code"))
        #expect(try luzhou.org.units(on: day).filter { $0.level == "micro" }.count == 2)
    }
}
