import ConnectorKit
import Foundation
import Testing

@Suite struct DefaultResponseClassifierTests {
    let now: Int64 = 1_700_000_000_000

    func classify(_ status: Int, _ headers: VendorHeaders = [:], method: VendorRequest.Method = .get) -> String {
        let context = ClassificationContext(request: VendorRequest(method, "/x"), nowMs: now, attempt: 1, vendor: "v")
        switch DefaultResponseClassifier().classify(VendorResponse(status: status, headers: headers), context: context)
        {
        case .success: return "success"
        case .retry(let ms): return "retry(\(ms.map(String.init) ?? "nil"))"
        case .rateLimited(let until): return "rateLimited(\(until.map { String($0 - now) } ?? "nil"))"
        case .refreshCredentials: return "refresh"
        case .fail(let error): return "fail(\(error.code))"
        }
    }

    @Test(arguments: [
        (200, "success"), (204, "success"), (401, "refresh"), (403, "fail(authentication)"), (429, "rateLimited(nil)"),
        (408, "retry(nil)"), (500, "retry(nil)"), (502, "retry(nil)"), (503, "retry(nil)"), (504, "retry(nil)"),
        (501, "fail(permanent)"), (400, "fail(permanent)"), (404, "fail(permanent)"), (409, "fail(permanent)"),
        (302, "fail(permanent)"),
    ])
    func byStatus(status: Int, expected: String) {
        #expect(classify(status) == expected)
    }

    @Test func retryAfterIsUsed() {
        #expect(classify(429, ["retry-after": "5"]) == "rateLimited(5000)")
        #expect(classify(503, ["Retry-After": "2"]) == "retry(2000)")
    }

    @Test func transportFailuresRetryOnlyWhenSafe() {
        let classifier = DefaultResponseClassifier()
        func label(_ code: TransportError.Code, _ request: VendorRequest) -> String {
            let context = ClassificationContext(request: request, nowMs: now, attempt: 1, vendor: "v")
            switch classifier.classify(TransportError(code, "x"), context: context) {
            case .retry: return "retry"
            case .fail(let error): return "fail(\(error.code))"
            default: return "other"
            }
        }
        #expect(label(.timedOut, VendorRequest(.get, "/x")) == "retry")
        #expect(label(.timedOut, VendorRequest(.post, "/x")) == "fail(transient)")
        #expect(label(.timedOut, VendorRequest(.post, "/x", idempotencyKey: "k1")) == "retry")
        #expect(label(.connectFailed, VendorRequest(.post, "/x")) == "retry")
        #expect(label(.invalidRequest, VendorRequest(.get, "/x")) == "fail(configuration)")
    }
}
