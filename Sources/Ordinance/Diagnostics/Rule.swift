/// The rules a profile is checked against. The raw value is the stable name printed in
/// brackets after each message, which tests, scripts and documentation refer to.
public enum Rule: String, Sendable, Codable, CaseIterable {
    // The file itself.
    case fileUnreadable = "file-unreadable"
    case fileTooLarge = "file-too-large"
    case encoding = "encoding"
    case yamlSyntax = "yaml-syntax"
    case emptyDocument = "empty-document"
    case singleDocument = "single-document"
    case duplicateKey = "duplicate-key"
    case noAnchors = "no-anchors"
    // The shape of the profile.
    case unknownKey = "unknown-key"
    case missingKey = "missing-key"
    case wrongType = "wrong-type"
    case invalidValue = "invalid-value"
    case ambiguousScalar = "ambiguous-scalar"
    // Meaning.
    case undefinedReference = "undefined-reference"
    case duplicateCode = "duplicate-code"
    case forbiddenCategory = "forbidden-category"
    case missingTranslation = "missing-translation"
    case unreachableStep = "unreachable-step"
    case noTerminalStep = "no-terminal-step"
    case stepCannotFinish = "step-cannot-finish"
    case missingActor = "missing-actor"
    case actorLevel = "actor-level"
    case stepOption = "step-option"
    case nonPositiveTimeLimit = "non-positive-time-limit"
    case unmarkedValue = "unmarked-value"
    case datesOutOfOrder = "dates-out-of-order"
    case versionFile = "version-file"
    case missingPack = "missing-pack"

    /// One line on what the rule asks, for `wangge ordinance rules` and the docs.
    public var summary: String {
        switch self {
        case .fileUnreadable: "the profile file can be read"
        case .fileTooLarge: "a profile is at most 1 MiB"
        case .encoding: "a profile is UTF-8 text"
        case .yamlSyntax: "a profile is well-formed YAML"
        case .emptyDocument: "a profile is not empty"
        case .singleDocument: "a profile file holds exactly one YAML document"
        case .duplicateKey: "no key appears twice in one mapping"
        case .noAnchors: "no YAML anchors, aliases or merge keys: each rule is written where it applies"
        case .unknownKey: "only keys of the profile format are used"
        case .missingKey: "required keys are present"
        case .wrongType: "each value has the type the format asks for"
        case .invalidValue: "dates, durations, codes and enumerations are well formed"
        case .ambiguousScalar: "yes/no/on/off are quoted, since YAML 1.1 tools read them as booleans"
        case .undefinedReference: "levels, roles, departments, categories and steps that are named are defined"
        case .duplicateCode: "keys and codes are unique where they must be"
        case .forbiddenCategory: "no item belongs to a category the law keeps out of the catalogue"
        case .missingTranslation: "public text exists in every publication language"
        case .unreachableStep: "every workflow step can be reached from the start"
        case .noTerminalStep: "the workflow has a step that ends a case"
        case .stepCannotFinish: "from every step a case can still reach an end"
        case .missingActor: "every workflow step names who acts"
        case .actorLevel: "a step's actor holds its role at a level where that role exists"
        case .stepOption: "a step's options fit its kind"
        case .nonPositiveTimeLimit: "time limits are longer than zero"
        case .unmarkedValue: "a value the text does not set is marked local, with its source; one it sets cites the article"
        case .datesOutOfOrder: "adoption, approval and effect come in that order, and versions follow each other"
        case .versionFile: "a version file is named by its effective date and sits in its tenant's folder"
        case .missingPack: "every publication language has a language pack, and a regional calendar named is a calendar pack"
        }
    }
}
