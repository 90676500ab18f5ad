import ArgumentParser
import Platform

/// `wangge -t X org …`: the tenant's org units along the profile's levels.
struct OrgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org",
        abstract: "Org units (county, township, community …) of a tenant.",
        subcommands: [Add.self, List.self, Show.self, Import.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a unit under its parent (one level up).")
        @OptionGroup var scope: TenantScope
        @Option(help: "The profile level, e.g. county.") var level: String
        @Option(help: "The unit's name.") var name: String
        @Option(help: "Parent unit: id, grid code or division code (default: the root).") var parent: String?
        @Option(help: "Administrative or statistical division code (up to 12 digits).") var divisionCode: String?

        func run() throws {
            let unit = try scope.with { try $0.org.addUnit(level: level, name: name, parent: parent, divisionCode: divisionCode) }
            try emit(unit, format: scope.format) { ["added \($0.levelName) \($0.name) (id \($0.id))"] }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The org tree, or the units of one level.")
        @OptionGroup var scope: TenantScope
        @Option(help: "Only units of this level.") var level: String?
        @Option(help: "Only the subtree of this unit (id, grid code or division code).") var under: String?

        func run() throws {
            let units = try scope.with { try $0.org.units(level: level, under: under) }
            try emit(units, format: scope.format) { units in units.map(describe) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One unit or grid (id, grid code or division code), with its household units.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Unit id, grid code or division code.") var unit: String

        func run() throws {
            let view = try scope.with { try $0.org.unit(unit) }
            try emit(view, format: scope.format) { v in
                [describe(v)] + (v.householdUnits ?? []).map { "  联户单位 \($0.name): \($0.households) 户" }
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import units, grids and household units from CSV; any bad row refuses the whole file.",
            discussion: "Columns: ref,parent,level,name,division_code,kind,code,households,area. 'parent' is a ref of an earlier row or an existing unit; empty means the root. level 'household_unit' adds a 联户单位 to the grid named as parent.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The CSV file.") var file: String

        func run() throws {
            let text = try readText(file)
            let report = try scope.with { try $0.org.importUnits(csv: text, file: file) }
            warn(report.warnings)
            try emit(report, format: scope.format) { ["imported \($0.rows) rows from \($0.file)"] }
        }
    }
}

/// One line for a unit, indented by depth.
func describe(_ unit: UnitView) -> String {
    var line = String(repeating: "  ", count: unit.depth) + "\(unit.levelName) \(unit.name) [id \(unit.id)]"
    if let code = unit.divisionCode { line += " \(code)" }
    if let grid = unit.grid { line += " \(grid.code) \(grid.kind) \(grid.households) 户 (\(grid.area))" }
    return line
}

/// `wangge -t X grid …`: grids and the household units inside them.
struct GridCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "Grids (网格) and household units (联户单位) of a tenant.",
        subcommands: [Add.self, List.self, OrgCommand.Show.self, AddHouseholdUnit.self, OrgCommand.Import.self, DivideCommand.self, DivisionsCommand.self,
                      BoundariesCommand.self, AddressesCommand.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a grid: its kind, a code in the profile's layout, and its household count.")
        @OptionGroup var scope: TenantScope
        @Option(help: "Parent unit (id, division code), one level above the grid.") var parent: String
        @Option(help: "The grid's name.") var name: String
        @Option(help: "comprehensive, exclusive or micro, as the profile allows.") var kind: String = "comprehensive"
        @Option(help: "The grid code, unique in the tenant.") var code: String
        @Option(help: "Number of households.") var households: Int
        @Option(help: "urban, rural or any: which size rule applies.") var area: String = "any"

        func run() throws {
            let change = try scope.with {
                try $0.org.addGrid(parent: parent, name: name, kind: kind, code: code, households: households, area: area)
            }
            warn(change.warnings)
            try emit(change, format: scope.format) { ["added grid \($0.created.name) \(code) (id \($0.created.id))"] }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List grids.")
        @OptionGroup var scope: TenantScope
        @Option(help: "Only grids under this unit.") var under: String?

        func run() throws {
            let grids = try scope.with { tenant in try tenant.org.units(level: try tenant.profile().grids.level, under: under) }
            try emit(grids, format: scope.format) { $0.map { var grid = $0; grid.depth = 0; return describe(grid) } }
        }
    }

    struct AddHouseholdUnit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-household-unit", abstract: "Add a household unit (联户单位) inside a grid.")
        @OptionGroup var scope: TenantScope
        @Option(help: "Grid code or unit id.") var grid: String
        @Option(help: "The household unit's name.") var name: String
        @Option(help: "Number of households.") var households: Int

        func run() throws {
            let unit = try scope.with { try $0.org.addHouseholdUnit(grid: grid, name: name, households: households) }
            try emit(unit, format: scope.format) { ["added household unit \($0.name) (\($0.households) 户)"] }
        }
    }
}
