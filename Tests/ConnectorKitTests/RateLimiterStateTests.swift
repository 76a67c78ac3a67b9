import ConnectorKit
import Testing

@Suite struct RateLimiterStateTests {
    @Test func burstThenWaitOfTheRightLength() {
        var state = RateLimiterState(limits: [RateLimit(name: "secondly", limit: 5, per: .seconds(1))])
        for _ in 0..<5 { #expect(state.acquire(bucket: nil, nowMs: 0) == .proceed) }
        #expect(state.acquire(bucket: nil, nowMs: 0) == .wait(ms: 1_000))
        #expect(state.acquire(bucket: nil, nowMs: 999) == .wait(ms: 1))
        #expect(state.acquire(bucket: nil, nowMs: 1_000) == .proceed)
    }

    @Test func windowIsRollingNotFixed() {
        var state = RateLimiterState(limits: [RateLimit(name: "burst", limit: 5, per: .seconds(10))])
        for _ in 0..<3 { #expect(state.acquire(bucket: nil, nowMs: 0) == .proceed) }
        for _ in 0..<2 { #expect(state.acquire(bucket: nil, nowMs: 4_000) == .proceed) }
        #expect(state.acquire(bucket: nil, nowMs: 6_000) == .wait(ms: 4_000))  // the three from t=0 leave at 10 s
        #expect(state.acquire(bucket: nil, nowMs: 10_000) == .proceed)
        #expect(state.acquire(bucket: nil, nowMs: 10_000) == .proceed)
        #expect(state.acquire(bucket: nil, nowMs: 10_000) == .proceed)
        #expect(state.acquire(bucket: nil, nowMs: 10_000) == .wait(ms: 4_000))  // next frees at 14 s
    }

    @Test func hintWithNothingRemainingWaitsUntilReset() {
        var state = RateLimiterState(limits: [RateLimit(name: "hourly", limit: 250_000, per: .seconds(3_600))])
        #expect(state.acquire(bucket: nil, nowMs: 1_000) == .proceed)
        state.observe([RateLimitHints(remaining: 0, resetAtMs: 8_000)], bucket: nil, nowMs: 1_000)
        #expect(state.acquire(bucket: nil, nowMs: 1_000) == .wait(ms: 7_000))
        #expect(state.acquire(bucket: nil, nowMs: 8_000) == .proceed)
    }

    @Test func hintWithFewRemainingRaisesOurCount() {
        var state = RateLimiterState(limits: [RateLimit(name: "burst", limit: 10, per: .seconds(10))])
        #expect(state.acquire(bucket: nil, nowMs: 0) == .proceed)
        state.observe([RateLimitHints(remaining: 2)], bucket: nil, nowMs: 0)  // others used 7 more
        #expect(state.acquire(bucket: nil, nowMs: 0) == .proceed)
        #expect(state.acquire(bucket: nil, nowMs: 0) == .proceed)
        #expect(state.acquire(bucket: nil, nowMs: 0) == .wait(ms: 10_000))
    }

    @Test func retryAfterHintBlocks() {
        var state = RateLimiterState(limits: [RateLimit(name: "burst", limit: 10, per: .seconds(10))])
        state.observe([RateLimitHints(retryAfterMs: 2_500)], bucket: nil, nowMs: 100)
        #expect(state.acquire(bucket: nil, nowMs: 100) == .wait(ms: 2_500))
        #expect(state.acquire(bucket: nil, nowMs: 2_600) == .proceed)
    }

    @Test func namedLimitsApplyOnlyToRequestsNamingThem() {
        var state = RateLimiterState(limits: [
            RateLimit(name: "shared", limit: 100, per: .seconds(60)),
            RateLimit(name: "track", limit: 2, per: .seconds(3), appliesTo: .namedRequests),
        ])
        #expect(state.limitNames(for: "track") == ["shared", "track"])
        #expect(state.limitNames(for: nil) == ["shared"])
        #expect(state.acquire(bucket: "track", nowMs: 0) == .proceed)
        #expect(state.acquire(bucket: "track", nowMs: 0) == .proceed)
        #expect(state.acquire(bucket: "track", nowMs: 0) == .wait(ms: 3_000))
        #expect(state.acquire(bucket: nil, nowMs: 0) == .proceed)
        state.block(untilMs: 5_000, bucket: nil)
        #expect(state.acquire(bucket: nil, nowMs: 1_000) == .wait(ms: 4_000))
    }

    @Test func largeLimitsWaitForTheOldestSlot() {
        var state = RateLimiterState(limits: [RateLimit(name: "hourly", limit: 250_000, per: .seconds(3_600))])
        for i in 0..<250_000 { _ = state.acquire(bucket: nil, nowMs: Int64(i / 100)) }  // spread over 2.5 s
        // Slots are 1/1000 of the window (3.6 s) and expire with their last request (t = 2,499 ms): conservative.
        #expect(state.acquire(bucket: nil, nowMs: 3_000) == .wait(ms: 3_602_499 - 3_000))
        #expect(state.acquire(bucket: nil, nowMs: 3_602_499) == .proceed)
    }
}
