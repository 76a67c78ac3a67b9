import Foundation
import Logging

extension VendorHTTPClient {
    /// The attempt loop behind `send`.
    func run(_ request: VendorRequest) async throws -> VendorResponse {
        var retries = 0
        var refreshed = false
        var attempt = 0
        var cause = "no answer"
        while true {
            try Task.checkCancellation()
            try await waitForRateLimit(bucket: request.rateLimitBucket, priority: request.priority)
            var prepared = try prepare(request)
            attempt += 1
            let classification: ResponseClassification
            var status: Int?
            do {
                if request.requiresAuth, let auth { try await authorize(&prepared, with: auth) }
                counters.withLock { $0.requests += 1 }
                let response = try await transport.execute(
                    prepared, timeout: request.timeout ?? configuration.defaultTimeout)
                status = response.status
                await rateLimiter.observe(
                    headerReader.read(response.headers, clock.nowMs()), bucket: request.rateLimitBucket)
                classification = classifier.classify(response, context: context(request, attempt))
                logAttempt(request, attempt: attempt, status: response.status, classification)
                if case .success = classification { return response }
                cause = "HTTP \(response.status)"
            } catch let error as TransportError {
                classification = classifier.classify(error, context: context(request, attempt))
                logAttempt(request, attempt: attempt, status: nil, classification)
                cause = error.message
            } catch let error as ConnectorError where error.recovery.isRetryLater && error.code != .rateLimited {
                classification = .retry(afterMs: nil)  // e.g. a transient failure fetching a token
                cause = error.message
            }

            switch classification {
            case .success:
                preconditionFailure("handled above")
            case .fail(let error):
                throw error.withContext(vendor: vendor, operation: request.operation, httpStatus: status)
            case .refreshCredentials:
                guard request.requiresAuth, let auth, auth.canRefresh, !refreshed else {
                    throw ConnectorError(.authentication, "credentials rejected", httpStatus: status)
                }
                refreshed = true
                counters.withLock { $0.authRefreshes += 1 }
                await auth.invalidate(rejected: prepared)
            case .retry(let afterMs):
                switch retry.decide(retriesSoFar: retries, hintMs: afterMs, random: random) {
                case .retry(let delayMs):
                    retries += 1
                    counters.withLock { $0.retries += 1 }
                    try await clock.sleep(delayMs)
                case .giveUp(let laterMs):
                    throw ConnectorError(
                        .transient, "gave up after \(attempt) attempts at \(prepared.target): \(cause)",
                        recovery: .retryLater(afterMs: laterMs), httpStatus: status
                    )
                }
            case .rateLimited(let untilMs):
                counters.withLock { $0.rateLimitedResponses += 1 }
                let hintMs = untilMs.map { max(0, $0 - clock.nowMs()) }
                switch retry.decide(retriesSoFar: retries, hintMs: hintMs, random: random) {
                case .retry(let delayMs):
                    retries += 1
                    await rateLimiter.block(untilMs: clock.nowMs() + delayMs, bucket: request.rateLimitBucket)
                    counters.withLock {
                        $0.retries += 1
                        $0.rateLimitWaits += 1
                        $0.rateLimitWaitMs += delayMs
                    }
                    try await clock.sleep(delayMs)
                case .giveUp(let laterMs):
                    if let untilMs { await rateLimiter.block(untilMs: untilMs, bucket: request.rateLimitBucket) }
                    throw ConnectorError(
                        .rateLimited, "rate limited at \(prepared.target)", recovery: .retryLater(afterMs: laterMs),
                        httpStatus: status
                    )
                }
            }
        }
    }

    private func waitForRateLimit(bucket: String?, priority: Bool) async throws {
        let waitedMs = try await rateLimiter.acquire(bucket: bucket, priority: priority)
        guard waitedMs > 0 else { return }
        counters.withLock {
            $0.rateLimitWaits += 1
            $0.rateLimitWaitMs += waitedMs
        }
    }

    private func prepare(_ request: VendorRequest) throws -> TransportRequest {
        guard let url = URLBuilder.resolve(base: baseURL, path: request.path, query: request.queryItems) else {
            throw ConnectorError(.configuration, "invalid request URL")
        }
        var headers = request.headers
        if let userAgent = configuration.userAgent, !headers.contains("User-Agent") {
            headers.add(name: "User-Agent", value: userAgent)
        }
        if let name = configuration.idempotencyHeaderName, let key = request.idempotencyKey {
            headers.replaceOrAdd(name: name, value: key)
        }
        return TransportRequest(method: request.method, url: url, headers: headers, body: request.body)
    }

    private func authorize(_ request: inout TransportRequest, with auth: any AuthProvider) async throws {
        do {
            try await auth.authorize(&request)
        } catch let error as ConnectorError {
            throw error
        } catch is CancellationError {
            throw ConnectorError(.cancelled, "cancelled")
        } catch let error as TransportError {
            throw ConnectorError(.transient, "token request failed: \(error.code)", underlying: error)
        } catch {
            throw ConnectorError(.authentication, "could not obtain credentials", underlying: error)
        }
    }

    private func context(_ request: VendorRequest, _ attempt: Int) -> ClassificationContext {
        ClassificationContext(request: request, nowMs: clock.nowMs(), attempt: attempt, vendor: vendor)
    }

    private func logAttempt(
        _ request: VendorRequest, attempt: Int, status: Int?, _ classification: ResponseClassification
    ) {
        logger.debug(
            "vendor request",
            metadata: [
                "operation": .string(request.operation),
                "method": .string(request.method.rawValue),
                "path": .string(Redactor.default.redact(text: request.path, emails: .mask)),
                "attempt": .stringConvertible(attempt),
                "status": .string(status.map(String.init) ?? "none"),
                "outcome": .string(classification.label),
            ]
        )
    }
}

extension ConnectorError.Recovery {
    var isRetryLater: Bool {
        if case .retryLater = self { return true }
        return false
    }
}

extension ResponseClassification {
    var label: String {
        switch self {
        case .success: "success"
        case .retry: "retry"
        case .rateLimited: "rateLimited"
        case .refreshCredentials: "refreshCredentials"
        case .fail(let error): "fail(\(error.code))"
        }
    }
}
