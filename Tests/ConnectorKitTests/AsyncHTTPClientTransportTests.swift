import ConnectorKit
import Foundation
import Hummingbird
import Testing

@Suite struct AsyncHTTPClientTransportTests {
    @Test func sendsMethodHeadersBodyAndReturnsTheResponse() async throws {
        let router = Router()
        router.post("/echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 16)
            var headers = HTTPFields()
            headers[.contentType] = request.headers[.contentType] ?? "none"
            return Response(status: .created, headers: headers, body: ResponseBody(byteBuffer: body))
        }
        try await withTestServer(router) { baseURL in
            let transport = AsyncHTTPClientTransport()
            let response = try await transport.execute(
                TransportRequest(
                    method: .post, url: baseURL.appendingPathComponent("echo"), headers: ["Content-Type": "text/xml"],
                    body: Data("<a/>".utf8)),
                timeout: .seconds(60)  // a hang guard: the whole suite can keep the test server waiting for seconds
            )
            try await transport.shutdown()
            #expect(response.status == 201)
            #expect(response.headers["content-type"] == "text/xml")
            #expect(response.body == Data("<a/>".utf8))
        }
    }

    @Test func slowAnswersTimeOut() async throws {
        let router = Router()
        router.get("/slow") { _, _ -> Response in
            try await Task.sleep(for: .seconds(2))
            return Response(status: .ok)
        }
        try await withTestServer(router) { baseURL in
            let transport = AsyncHTTPClientTransport()
            let error = await #expect(throws: TransportError.self) {
                try await transport.execute(
                    TransportRequest(method: .get, url: baseURL.appendingPathComponent("slow")),
                    timeout: .milliseconds(200))
            }
            try await transport.shutdown()
            #expect(error?.code == .timedOut)
        }
    }

    @Test func aRefusedConnectionIsConnectFailed() async throws {
        let transport = AsyncHTTPClientTransport(configuration: .init(connectTimeout: .seconds(2)))
        let error = await #expect(throws: TransportError.self) {
            try await transport.execute(
                TransportRequest(method: .get, url: URL(string: "http://127.0.0.1:1/x")!), timeout: .seconds(5))
        }
        try await transport.shutdown()
        #expect(error?.code == .connectFailed, "\(String(describing: error))")
    }
}
