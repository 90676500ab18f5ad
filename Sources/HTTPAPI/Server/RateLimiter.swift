import Foundation
import Synchronization

/// Token buckets by key (a client address, a token): each key may spend `burst` at once
/// and regains `perSecond` each second. Keys whose bucket has refilled are forgotten when
/// the table grows, so a flood of new addresses cannot grow it without end.
final class RateLimiter: Sendable {
    let perSecond: Double
    let burst: Double
    private let maxKeys: Int
    private struct Bucket {
        var tokens: Double
        var at: ContinuousClock.Instant
    }
    private let buckets = Mutex<[String: Bucket]>([:])

    init(perSecond: Double, burst: Double, maxKeys: Int = 100_000) {
        self.perSecond = perSecond
        self.burst = max(1, burst)
        self.maxKeys = maxKeys
    }

    /// Spends one from `key`'s bucket: nil when allowed, else how long until one is back.
    func spend(_ key: String, now: ContinuousClock.Instant = .now) -> Duration? {
        buckets.withLock { buckets in
            var bucket = refilled(buckets[key], now: now)
            defer {
                buckets[key] = bucket
                if buckets.count > maxKeys { prune(&buckets, now: now) }
            }
            guard bucket.tokens >= 1 else { return wait(for: bucket) }
            bucket.tokens -= 1
            return nil
        }
    }

    /// Whether `key` has one to spend, without spending it: nil when it has, else how long until it will.
    func check(_ key: String, now: ContinuousClock.Instant = .now) -> Duration? {
        buckets.withLock { buckets in
            let bucket = refilled(buckets[key], now: now)
            return bucket.tokens >= 1 ? nil : wait(for: bucket)
        }
    }

    private func refilled(_ bucket: Bucket?, now: ContinuousClock.Instant) -> Bucket {
        guard let bucket else { return Bucket(tokens: burst, at: now) }
        let elapsed = now - bucket.at
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Bucket(tokens: min(burst, bucket.tokens + seconds * perSecond), at: now)
    }

    private func wait(for bucket: Bucket) -> Duration {
        guard perSecond > 0 else { return .seconds(3600) }
        return .milliseconds(Int(((1 - bucket.tokens) / perSecond * 1000).rounded(.up)))
    }

    private func prune(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant) {
        buckets = buckets.filter { refilled($0.value, now: now).tokens < burst }
        // Still too many busy keys: start afresh rather than grow (each key gets a full bucket).
        if buckets.count > maxKeys { buckets = [:] }
    }
}

/// The rate limits of a server. A limit of zero per second turns that limit off.
public struct RateLimits: Sendable {
    /// Requests carrying one bearer token.
    public var perToken = (perSecond: 100.0, burst: 200.0)
    /// Requests without a token, per client address (public reads and anonymous reports).
    public var anonymousPerClient = (perSecond: 50.0, burst: 100.0)
    /// Anonymous writes (Open311 reports without a token), per client address.
    public var anonymousWritesPerClient = (perSecond: 0.2, burst: 20.0)
    /// Failed authentications per client address: past this, tokens from there are not even checked.
    public var failedAuthPerClient = (perSecond: 0.2, burst: 20.0)

    public init() {}

    /// No limits, for benchmarks that load the server from one address on purpose.
    public static var off: RateLimits {
        var limits = RateLimits()
        limits.perToken.perSecond = 0
        limits.anonymousPerClient.perSecond = 0
        limits.anonymousWritesPerClient.perSecond = 0
        limits.failedAuthPerClient.perSecond = 0
        return limits
    }
}

/// The limiters of one server, made from its `RateLimits`; a limit turned off has none.
struct RateLimiters: Sendable {
    let perToken: RateLimiter?
    let anonymous: RateLimiter?
    let anonymousWrites: RateLimiter?
    let failedAuth: RateLimiter?

    init(_ limits: RateLimits) {
        func make(_ limit: (perSecond: Double, burst: Double)) -> RateLimiter? {
            limit.perSecond > 0 ? RateLimiter(perSecond: limit.perSecond, burst: limit.burst) : nil
        }
        perToken = make(limits.perToken)
        anonymous = make(limits.anonymousPerClient)
        anonymousWrites = make(limits.anonymousWritesPerClient)
        failedAuth = make(limits.failedAuthPerClient)
    }
}
