import Foundation
import TestSupport
import Ordinance
import Platform
import PropertyBased
import Testing

/// Property-based fuzzing of the importers tenant admins feed files to: a mutated CSV or
/// YAML file is imported whole or refused whole with platform errors, never a trap, and a
/// refusal changes nothing.
@Suite("Fuzzing the importers")
struct ImportFuzzTests {
    @Test("mutated staff and unit files: all or nothing, refusals as platform errors")
    func orgAndStaff() async throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        let staff = try sample("lhasa", "staff.csv")
        let units = try sample("lhasa", "units.csv")
        await propertyCheck(count: Mutation.count(120), input: Gen.bool, Mutation.edits()) { isStaff, edits in
            let before = (try? tenant.staff.list(on: day).count, try? tenant.org.units(on: day).count)
            do {
                if isStaff {
                    _ = try tenant.staff.importStaff(csv: Mutation.apply(edits, to: staff), file: "staff.csv", on: day)
                } else {
                    _ = try tenant.org.importUnits(csv: Mutation.apply(edits, to: units), file: "units.csv", on: day)
                }
            } catch let error as PlatformError {
                #expect(!error.problems.isEmpty)
                #expect((try? tenant.staff.list(on: day).count, try? tenant.org.units(on: day).count) == before)
            } catch {
                Issue.record("not a platform refusal: \(error)")
            }
        }
    }

    @Test("mutated catalogue files, CSV and YAML: a dry run reports or refuses, never traps", arguments: CatalogueFormat.allCases)
    func catalogue(format: CatalogueFormat) async throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        let exported = try tenant.catalogue.export(as: format)
        await propertyCheck(count: Mutation.count(120), input: Mutation.edits()) { edits in
            do {
                _ = try tenant.catalogue.importItems(Mutation.apply(edits, to: exported), file: "catalogue.\(format)", as: format,
                                               by: "LS-0009", reason: "核对", dryRun: true, at: time("2025-06-03 10:00"))
            } catch let error as PlatformError {
                #expect(!error.problems.isEmpty)
            } catch {
                Issue.record("not a platform refusal: \(error)")
            }
        }
    }
}
