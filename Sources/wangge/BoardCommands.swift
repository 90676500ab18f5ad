import ArgumentParser
import Platform

/// `wangge -t X board …`: what the grids' notice boards (公示牌) publish, and the texts
/// they still lack.
struct BoardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Notice boards (公示牌): show one, give names and contacts per publication language, list what is missing.",
        subcommands: [Show.self, Text.self, Missing.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A grid's notice board in one publication language.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Grid code or unit id.") var grid: String
        @Option(help: "A publication language of the profile (default: the first).") var lang: String = ""

        func run() throws {
            let page = try scope.with { try $0.publication.noticeBoard(grid: grid, in: lang) }
            try emit(page, format: scope.format) { page in
                ["\(page.title.text) (\(page.code)) — \(page.ordinance)"] + page.fields.map { field in
                    let values = field.values.map { value in
                        [value.role.map { "\($0)：" } ?? "", value.text, value.contact.map { " \($0)" } ?? "", value.untranslated ? " [untranslated]" : ""]
                            .joined()
                    }
                    return "  \(field.label): \(values.isEmpty ? "— missing" : values.joined(separator: "; "))"
                } + (page.article.map { ["  \($0)"] } ?? [])
            }
        }
    }

    struct Text: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give (or remove) a published text of a unit or a person.",
            discussion: "Units: name and area per publication language, supervision_phone once. People: name per publication language.")
        @OptionGroup var scope: TenantScope
        @Option(help: "The unit: id, grid code or division code.") var unit: String?
        @Option(help: "The person: staff id.") var person: String?
        @Option(help: "name, area or supervision_phone.") var field: String
        @Option(help: "The publication language of the text (not for supervision_phone).") var language: String?
        @Option(help: "The text.") var text: String?
        @Flag(help: "Remove the text instead.") var remove = false

        func validate() throws {
            guard (unit == nil) != (person == nil) else { throw ValidationError("give exactly one of --unit and --person") }
            guard (text == nil) == remove else { throw ValidationError("give --text, or --remove") }
        }

        func run() throws {
            let subject: TextSubject = unit.map { .unit($0) } ?? .person(person ?? "")
            let texts = try scope.with { try $0.publication.setText(subject, field: field, language: language, text: text) }
            try emit(texts, format: scope.format) { texts in
                texts.isEmpty ? ["no texts"] : texts.map { "\($0.name) \($0.field)\($0.language.isEmpty ? "" : ".\($0.language)"): \($0.text)" }
            }
        }
    }

    struct Missing: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Texts the notice boards still lack: names per language, supervision phones.")
        @OptionGroup var scope: TenantScope

        func run() throws {
            let missing = try scope.with { try $0.publication.missing() }
            try emit(missing, format: scope.format) { missing in
                missing.isEmpty ? ["nothing missing"]
                    : missing.map { "\($0.subject) \($0.name): \($0.field)\($0.language.isEmpty ? "" : " in \($0.language)")" }
            }
        }
    }
}
