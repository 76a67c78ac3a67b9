import ConnectorKit
import Foundation
import Testing

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 3_000, maxHintedWaitMs: 60_000)

    @Test(arguments: [(0, Int64(500)), (1, 1_000), (2, 2_000), (3, 3_000), (10, 3_000), (100, 3_000)])
    func ceilingDoublesUpToTheCap(retry: Int, ceiling: Int64) {
        #expect(policy.backoffCeilingMs(retry: retry) == ceiling)
    }

    @Test func fullJitterStaysWithinZeroAndTheCeiling() {
        for retry in 0..<6 {
            let ceiling = policy.backoffCeilingMs(retry: retry)
            let samples = (0..<500).map { _ in policy.jitteredDelayMs(retry: retry, random: .system) }
            #expect(samples.allSatisfy { (0...ceiling).contains($0) })
            #expect(Set(samples).count > 10)  // actually random, not a constant
        }
        #expect(policy.jitteredDelayMs(retry: 2, random: .minimum) == 0)
        #expect(policy.jitteredDelayMs(retry: 2, random: .maximum) == 2_000)
    }

    @Test func givesUpAfterMaxAttempts() {
        #expect(policy.decide(retriesSoFar: 0, hintMs: nil, random: .maximum) == .retry(afterMs: 500))
        #expect(policy.decide(retriesSoFar: 2, hintMs: nil, random: .maximum) == .retry(afterMs: 2_000))
        #expect(policy.decide(retriesSoFar: 3, hintMs: nil, random: .maximum) == .giveUp(retryLaterAfterMs: nil))
        #expect(
            RetryPolicy.none.decide(retriesSoFar: 0, hintMs: nil, random: .maximum) == .giveUp(retryLaterAfterMs: nil))
    }

    @Test func hintsAreWaitedExactlyAndLongHintsGoBackToTheEngine() {
        #expect(policy.decide(retriesSoFar: 0, hintMs: 7_000, random: .maximum) == .retry(afterMs: 7_000))
        #expect(
            policy.decide(retriesSoFar: 0, hintMs: 3_600_000, random: .maximum) == .giveUp(retryLaterAfterMs: 3_600_000)
        )
        #expect(policy.decide(retriesSoFar: 3, hintMs: 5_000, random: .maximum) == .giveUp(retryLaterAfterMs: 5_000))
    }

    @Test func retryAfterSecondsAndDates() {
        let now: Int64 = 784_111_777_000  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryAfter.parse("120", nowMs: now) == 120_000)
        #expect(RetryAfter.parse(" 0 ", nowMs: now) == 0)
        #expect(RetryAfter.parse("1.5", nowMs: now) == 1_500)
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:42 GMT", nowMs: now) == 5_000)
        #expect(RetryAfter.parse("Sunday, 06-Nov-94 08:49:47 GMT", nowMs: now) == 10_000)
        #expect(RetryAfter.parse("Sun Nov  6 08:49:57 1994", nowMs: now) == 20_000)
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", nowMs: now) == 0)
        #expect(RetryAfter.parse("-3", nowMs: now) == nil)
        #expect(RetryAfter.parse("soon", nowMs: now) == nil)
    }
}
