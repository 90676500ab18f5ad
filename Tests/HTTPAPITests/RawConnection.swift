import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to the server on loopback, for requests no HTTP client library
/// will send: two `Host` headers, a half-sent head, a body that never ends.
///
/// Its waits block a thread, so they run on a dispatch queue: the test servers run in this
/// process on Swift's cooperative threads (one per core), and a test blocking one of them
/// in `poll` could starve the very server it waits for.
final class RawConnection: @unchecked Sendable {
    private let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw RawError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw RawError("connect failed")
        }
    }

    deinit { close(socket) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw RawError("send failed") }
    }

    /// What the server sends until it closes the connection or `seconds` pass; `closed`
    /// tells which.
    func receive(within seconds: Double) async -> (text: String, closed: Bool) {
        await Self.offThread { self.receiveBlocking(within: seconds) }
    }

    private func receiveBlocking(within seconds: Double) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&poller, 1, left) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer.prefix(count)
        }
        return (String(decoding: received, as: UTF8.self), false)
    }

    /// Sends a request on this connection and reads one whole response (head and a body of
    /// its Content-Length), leaving the connection open.
    func exchange(_ text: String, within seconds: Double = 20) async throws -> String {
        try send(text)
        return await Self.offThread { self.readResponse(within: seconds) }
    }

    private func readResponse(within seconds: Double) -> String {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let response = String(decoding: received, as: UTF8.self)
            if let end = response.range(of: "\r\n\r\n") {
                let head = response[..<end.lowerBound].lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if received.count >= response[..<end.upperBound].utf8.count + length { return response }
            }
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000))) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer.prefix(count)
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Sends one request and reads until the server closes or the answer seems complete.
    static func exchange(port: Int, _ text: String, within seconds: Double = 20) async throws -> String {
        let connection = try RawConnection(port: port)
        try connection.send(text)
        return await connection.receive(within: seconds).text
    }

    private static func offThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }

    struct RawError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
