import Mustache

/// Page data made ready for swift-mustache: structs become dictionaries once, before
/// rendering. swift-mustache reads a struct's fields through `Mirror` on every lookup —
/// each `{{name}}` reflects the whole struct, and names found further down the context
/// stack reflect every struct above them — which took 58% of a console case page under
/// load (perf, bench-http). A dictionary is a `MustacheParent`, read by key. Applied to
/// the console's and the host's pages, which are rendered per request (public pages are
/// cached for a second instead).
enum TemplateData {
    static func flatten(_ value: Any) -> Any {
        switch value {
        case is String, is Int, is Bool, is Double:
            return value
        case let dictionary as [String: String]:
            return dictionary
        case let parent as MustacheParent:
            return parent
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                guard let label = child.label, let field = unwrap(child.value) else { continue }
                fields[label] = flatten(field)
            }
            return fields
        case .collection:
            return mirror.children.compactMap { unwrap($0.value).map(flatten) }
        case .optional:
            return unwrap(value).map(flatten) ?? ""
        default:
            return value
        }
    }

    /// The value an optional holds, nil for none; other values as they are.
    private static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map(\.value)
    }
}
