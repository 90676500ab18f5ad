import Foundation
import Store

/// A local operator as listed.
public struct OperatorInfo: Sendable, Encodable, Equatable {
    public var user: String
    public var name: String
    public var registeredAt: Date
    public var removedAt: Date?
}

/// Who runs the command line: decisions taken there name a staff member (`--as`) and are
/// recorded with the operator who typed them — a bearer token's id, or a login name
/// registered here. `--as` alone is not taken on trust.
extension Deployment {
    /// Registers the login name `user` as an operator of this deployment.
    public func registerOperator(_ user: String, name: String, at now: Date = Date()) throws -> OperatorInfo {
        let user = user.trimmingCharacters(in: .whitespaces)
        guard !user.isEmpty, user.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw PlatformError("invalid-value", "an operator is a login name of letters, digits, '.', '_' or '-'", place: "user")
        }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw PlatformError("missing-field", "say who the operator is (their name)", place: "--name")
        }
        let record = OperatorRecord(user: user, name: name, registeredAt: now)
        try registry.saveOperator(record)
        return OperatorInfo(record)
    }

    public func operators() throws -> [OperatorInfo] {
        try registry.operators().map(OperatorInfo.init)
    }

    public func removeOperator(_ user: String, at now: Date = Date()) throws -> OperatorInfo {
        guard let record = try registry.removeOperator(user, at: now) else {
            throw PlatformError(.notFound, "unknown-operator", "no operator '\(user)' is registered", place: "user")
        }
        return OperatorInfo(record)
    }

    /// How the archive names the local operator `user` (`local:<user>`), or a refusal when
    /// they are not registered.
    public func localOperator(_ user: String) throws -> String {
        guard try registry.activeOperator(user) != nil else {
            throw PlatformError(.forbidden, "operator-unknown",
                                "the login '\(user)' is not an operator of this deployment: pass a bearer token with --token, or register it with `wangge operator add \(user) --name …`",
                                place: "--as")
        }
        return "local:\(user)"
    }
}

extension OperatorInfo {
    init(_ record: OperatorRecord) {
        (user, name, registeredAt, removedAt) = (record.user, record.name, record.registeredAt, record.removedAt)
    }
}
