extension Object {
    /// Reads an optional key with `read`.
    func read<T>(_ key: String, _ read: (Value) -> T?) -> T? {
        optional(key).flatMap(read)
    }

    /// Reads a required key with `read`; a missing key is reported.
    func need<T>(_ key: String, _ read: (Value) -> T?) -> T? {
        required(key).flatMap(read)
    }

    /// The `art` citation every rule of a profile carries.
    var art: Article? { need("art") { $0.article() } }

    /// Records a name that must be defined elsewhere in the profile.
    func refer(_ kind: Reference.Kind, _ key: String) -> String? {
        guard let value = required(key), let name = value.key() else { return nil }
        context.refer(kind, name, from: value)
        return name
    }

    /// Like `refer`, for an optional key.
    func referIfPresent(_ kind: Reference.Kind, _ key: String) -> String? {
        guard let value = optional(key), let name = value.key() else { return nil }
        context.refer(kind, name, from: value)
        return name
    }

    /// A list of names, each of which must be defined elsewhere in the profile.
    func referList(_ kind: Reference.Kind, _ key: String, required: Bool = false) -> [String] {
        let value = required ? self.required(key) : optional(key)
        return value?.list { element -> String? in
            guard let name = element.key() else { return nil }
            context.refer(kind, name, from: element)
            return name
        } ?? []
    }
}

extension ReadContext {
    /// Reports the second and later uses of a key or code within one collection.
    func requireUnique<T>(_ elements: [T], what: String, key: (T) -> String, position: (T) -> Position) {
        var seen: [String: Position] = [:]
        for element in elements {
            let k = key(element)
            guard !k.isEmpty else { continue }
            if let first = seen[k] {
                report(.duplicateCode, "\(what) '\(k)' is defined twice (first at line \(first.line))",
                       at: position(element))
            } else {
                seen[k] = position(element)
            }
        }
    }

    /// Reports a time limit that is zero or negative.
    func requirePositive(_ limit: TimeLimit?, at value: Value?, article: Article?) {
        guard let limit, let value, limit.amount <= 0 else { return }
        report(.nonPositiveTimeLimit, "\(value.path): time limit '\(limit)' must be longer than zero",
               at: value.position, article: cite(article))
    }
}
