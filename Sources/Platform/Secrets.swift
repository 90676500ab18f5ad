import Foundation

/// Unguessable secrets: bearer tokens, web sessions, CSRF tokens and receipts.
public enum Secrets {
    /// `bytes` random bytes from the system's generator, as URL-safe base64 after `prefix`.
    public static func random(_ prefix: String = "", bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Whether two secrets are equal, in time that does not depend on where they differ.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
