import Hummingbird
import Logging

/// A bare Hummingbird "hello, world" on `port`: the baseline the API's HTTP figures are
/// measured against (scripts/bench-http).
func helloServer(port: Int) async throws {
    let router = Router()
    router.get("/") { _, _ in "Hello, world!" }
    var logger = Logger(label: "hello")
    logger.logLevel = .warning
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "hello"),
                          logger: logger)
    try await app.runService()
}
