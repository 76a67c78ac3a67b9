import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Runs `router` on 127.0.0.1 on a free port for the duration of `body`.
func withTestServer(
    _ router: Router<BasicRequestContext>,
    _ body: @Sendable (_ baseURL: URL) async throws -> Void
) async throws {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "test-server")
    logger.logLevel = .critical
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
        logger: logger
    )
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try? await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        defer { group.cancelAll() }
        try await body(URL(string: "http://127.0.0.1:\(port)")!)
    }
}

/// Scripted answers per path, consumed in order, plus a log of what arrived.
actor Script {
    struct Answer: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        var body: String = ""
    }

    struct Received: Sendable {
        var method: String
        var path: String
        var authorization: String?
        var body: String
    }

    private var answers: [String: [Answer]]
    private(set) var received: [Received] = []

    init(_ answers: [String: [Answer]]) { self.answers = answers }

    func next(for path: String) -> Answer {
        guard var queue = answers[path], !queue.isEmpty else { return Answer(status: 599, body: "unscripted") }
        let answer = queue.removeFirst()
        answers[path] = queue
        return answer
    }

    func record(_ received: Received) { self.received.append(received) }

    func count(path: String) -> Int { received.filter { $0.path == path }.count }
}

/// A router that answers every request from `script` (GET and POST on the given paths).
func scriptedRouter(_ script: Script, paths: [String]) -> Router<BasicRequestContext> {
    let router = Router()
    for path in paths {
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            await script.record(
                .init(
                    method: request.method.rawValue,
                    path: request.uri.path,
                    authorization: request.headers[.authorization],
                    body: String(buffer: body)
                ))
            let answer = await script.next(for: request.uri.path)
            var fields = HTTPFields()
            for (name, value) in answer.headers {
                if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
            }
            return Response(
                status: .init(code: answer.status),
                headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body))
            )
        }
        router.get(RouterPath(path), use: handler)
        router.post(RouterPath(path), use: handler)
    }
    return router
}
