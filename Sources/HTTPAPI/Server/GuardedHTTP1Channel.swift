import Foundation
import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Synchronization

/// What one connection and one client may hold of the server.
public struct ConnectionLimits: Sendable {
    /// Open connections from one client address; more are answered 503 and closed.
    public var perClient = 256
    /// Open connections in all; past that the server stops accepting until some close.
    public var total = 4096
    /// A connection with no request under way (idle, or a request head not yet complete)
    /// is closed after this long.
    public var idle: Duration = .seconds(30)
    /// A request's body must have arrived this long after its head.
    public var body: Duration = .seconds(30)

    public init() {}
}

/// Hummingbird's HTTP/1.1 channel with guards in front of the responder: a client over its
/// connection limit is answered 503 and closed; a request with two `Host` headers (or
/// none, in HTTP/1.1) is answered 400; a request in absolute form (`GET http://host/…`)
/// is routed by its own authority, as RFC 9112 §3.2.2 says; idle connections, half-sent
/// heads and slow bodies are closed after their timeouts. The pipeline is Hummingbird's
/// own `HTTP1Channel` pipeline with these handlers inserted.
struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let limits: ConnectionLimits
    let clients: ClientConnections

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            if !clients.open(channel, limit: limits.perClient) {
                try pipeline.addHandler(RefuseConnection())
            }
            try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false,
                                                     withOutboundHeaderValidation: false)
            try pipeline.addHandler(HostRules())
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(BodyDeadline(limit: TimeAmount(limits.body)))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: limits.idle, logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}

/// Open connections by client address.
final class ClientConnections: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Counts a new connection of the channel's client; false when that client already
    /// holds `limit`. The count drops when the channel closes, either way.
    func open(_ channel: any Channel, limit: Int) -> Bool {
        let client = channel.remoteAddress?.ipAddress ?? "unknown"
        let count = counts.withLock { counts -> Int in
            counts[client, default: 0] += 1
            return counts[client, default: 0]
        }
        channel.closeFuture.whenComplete { _ in
            self.counts.withLock { counts in
                let left = counts[client, default: 1] - 1
                counts[client] = left > 0 ? left : nil
            }
        }
        return count <= limit
    }
}

/// Answers a connection over its client's limit with 503 and closes it.
final class RefuseConnection: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    func handlerAdded(context: ChannelHandlerContext) {
        let text = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        let channel = context.channel
        context.writeAndFlush(NIOAny(channel.allocator.buffer(string: text))).whenComplete { _ in channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

/// Exactly one `Host` per HTTP/1.1 request, and the authority of an absolute-form target
/// wins over it.
final class HostRules: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// True after a refusal: the rest of that request is dropped and the connection closes.
    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        guard case .head(var head) = unwrapInboundIn(data) else { return context.fireChannelRead(data) }
        let hosts = head.headers["Host"]
        if hosts.count > 1 || (hosts.isEmpty && head.version != .http1_0 && !head.uri.contains("://")) {
            return refuse(context, hosts.isEmpty ? "an HTTP/1.1 request needs a Host header (RFC 9112 §3.2)"
                                                  : "a request may carry only one Host header (RFC 9112 §3.2)")
        }
        if !head.uri.hasPrefix("/"), let url = URLComponents(string: head.uri), url.scheme != nil {
            guard let host = url.host, !host.isEmpty else { return refuse(context, "the request target has no authority") }
            head.headers.replaceOrAdd(name: "Host", value: url.port.map { "\(host):\($0)" } ?? host)
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    private func refuse(_ context: ChannelHandlerContext, _ detail: String) {
        refused = true
        let body = context.channel.allocator.buffer(bytes: HTTPProblem(.badRequest, "bad-request", detail).bodyBytes)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/problem+json; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}

/// Closes a connection whose request body is still incomplete `limit` after its head:
/// a body trickled byte by byte would otherwise hold a connection and a request for ever.
final class BodyDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let limit: TimeAmount
    private var timer: Scheduled<Void>?

    init(limit: TimeAmount) {
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            timer?.cancel()
            let channel = context.channel
            timer = context.eventLoop.scheduleTask(in: limit) { channel.close(promise: nil) }
        case .end:
            timer?.cancel()
            timer = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        context.fireChannelInactive()
    }
}

extension TimeAmount {
    /// The same span in NIO's unit.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
