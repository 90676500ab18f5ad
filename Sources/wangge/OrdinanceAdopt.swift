import ArgumentParser
import Foundation
import Ordinance

/// `wangge ordinance adopt <tenant> <version> --decision … --by … --on …`: records in the
/// version's file that the amending decision enacted it. A running server takes the adopted
/// version in when it next looks at the folder, and switches to it at midnight of its date.
struct OrdinanceAdopt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Mark a draft version adopted by the amending decision; it takes effect on its date.",
        discussion: """
            Writes status: adopted and decision: {title, by, date} into the version's file, after checking \
            that the result loads. Check the draft, diff it, run its scenarios and 'wangge -t <tenant> \
            ordinance impact <version>' first.
            """
    )

    @Argument(help: "The tenant key, e.g. city2023.") var tenant: String
    @Argument(help: "The draft's effective date (YYYY-MM-DD).") var version: Day
    @Option(help: "The decision's title, e.g. 某市人民代表大会常务委员会关于修改《某市社会治理网格化服务管理条例》的决定.") var decision: String
    @Option(help: "The body that adopted it, e.g. 某市第十六届人民代表大会常务委员会第二十次会议.") var by: String
    @Option(help: "The day it was adopted (YYYY-MM-DD).") var on: Day
    @Option(help: "Where the decision needs approval (批准): the approving body, e.g. 新疆维吾尔自治区人民代表大会常务委员会.") var approvedBy: String?
    @Option(help: "The day it was approved (YYYY-MM-DD).") var approvedOn: Day?

    func validate() throws {
        if (approvedBy == nil) != (approvedOn == nil) { throw ValidationError("--approved-by and --approved-on go together") }
    }
    @OptionGroup var options: ProfileRootOptions

    func run() throws {
        let profiles = try options.tenant(tenant)
        guard let draft = profiles.version(effective: version) else {
            let dates = profiles.versions.compactMap(\.ordinance.effective).map(\.description).joined(separator: ", ")
            throw CommandFailure("\(tenant) has no loadable version effective \(version) (versions: \(dates))")
        }
        if version <= Day.today() {
            throw CommandFailure("version \(version) would take effect on a day already begun; an amendment takes effect on a later day (rename the file and its effective date)")
        }
        let url = URL(fileURLWithPath: draft.file)
        let text = try String(contentsOf: url, encoding: .utf8)
        do {
            let adopted = try Adoption.adopt(text, file: "\(options.root)/\(tenant)/\(url.lastPathComponent)",
                                             decision: Decision(title: decision, body: by, date: on,
                                                                approved: approvedBy.map { Enactment(body: $0, date: approvedOn) }))
            try adopted.write(to: url, atomically: true, encoding: .utf8)
        } catch let failure as Adoption.Failure {
            throw CommandFailure(([failure.description] + failure.diagnostics.map(\.description)).joined(separator: "\n"))
        }
        print("\(tenant) \(version): adopted by \(decision) (\(by), \(on)); in force from \(version)")
    }
}
