import ConnectorKit
import Testing

@Suite struct RateLimiterTests {
    @Test func waitsOnTheInjectedClockAndCountsWaits() async throws {
        let clock = ManualClock(startMs: 0)
        let limiter = RateLimiter(
            limits: [RateLimit(name: "secondly", limit: 5, per: .seconds(1))], clock: clock.epochClock)
        for _ in 0..<12 { try await limiter.acquire(bucket: nil) }
        #expect(clock.sleeps == [1_000, 1_000])
        #expect(clock.nowMs == 2_000)
        let stats = await limiter.stats
        #expect(stats.waits == 2)
        #expect(stats.waitedMs == 2_000)
    }

    @Test func headerHintsMakeTheNextRequestWaitUntilReset() async throws {
        let clock = ManualClock(startMs: 10_000)
        let limiter = RateLimiter(
            limits: [RateLimit(name: "burst", limit: 190, per: .seconds(10))], clock: clock.epochClock)
        try await limiter.acquire(bucket: nil)
        await limiter.observe([RateLimitHints(limitName: "burst", remaining: 0, resetAtMs: 16_000)], bucket: nil)
        try await limiter.acquire(bucket: nil)
        #expect(clock.sleeps == [6_000])
    }

    @Test func noLimitsNeverWait() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limits: [], clock: clock.epochClock)
        for _ in 0..<1_000 { try await limiter.acquire(bucket: "anything") }
        #expect(clock.sleeps.isEmpty)
        #expect(await limiter.covers(bucket: nil) == false)
    }
}
