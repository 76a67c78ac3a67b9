import Foundation
import SandboxKit
import Testing

@Suite("SandboxKit building blocks")
struct SandboxKitUnitTests {
    @Test("fault spec parses the CLI form")
    func parseFaults() throws {
        let spec = try FaultSpec(parsing: "5xx=0.1,429=0.05,timeout=0.02,malformed=0.01,latency=20ms,token-ttl=60s")
        #expect(spec.serverError == 0.1)
        #expect(spec.rateLimited == 0.05)
        #expect(spec.timeout == 0.02)
        #expect(spec.malformed == 0.01)
        #expect(spec.latency == 0.02)
        #expect(spec.tokenTTL == 60)
        #expect(try FaultSpec(parsing: "").isEmpty)
    }

    @Test(
        "bad fault items are named in the error",
        arguments: [
            ("5xx=2", "5xx=2"), ("boom=0.1", "boom=0.1"), ("latency=20", "latency=20"), ("429", "429"),
        ])
    func badFaults(input: String, item: String) {
        #expect(throws: FaultSpecError.self) { try FaultSpec(parsing: input) }
        do { _ = try FaultSpec(parsing: input) } catch let error as FaultSpecError {
            #expect(error.item == item)
            #expect(error.description.contains(item))
        } catch {}
    }

    @Test("fault draws are reproducible from the seed")
    func deterministicDraws() throws {
        let spec = try FaultSpec(parsing: "5xx=0.3,429=0.2")
        let first = FaultInjector(spec: spec, seed: 9)
        let second = FaultInjector(spec: spec, seed: 9)
        let a = (0..<200).map { _ in first.drawFailure() }
        let b = (0..<200).map { _ in second.drawFailure() }
        #expect(a == b)
        #expect(first.counters.count(.serverError) == a.filter { $0 == .serverError }.count)
        #expect((40...80).contains(first.counters.count(.serverError)))
    }

    @Test("token bucket refills over its interval; fixed window resets at the boundary")
    func limiters() {
        var bucket = TokenBucket(capacity: 2, intervalMs: 1000)
        #expect(bucket.consume(nowMs: 0).allowed)
        #expect(bucket.consume(nowMs: 0).remaining == 0)
        #expect(!bucket.consume(nowMs: 100).allowed)
        #expect(bucket.consume(nowMs: 600).allowed)
        var window = FixedWindowCounter(limit: 1, windowMs: 60_000)
        #expect(window.consume(nowMs: 120_001).allowed)
        let refused = window.consume(nowMs: 150_000)
        #expect(!refused.allowed)
        #expect(refused.resetAtMs == 180_000)
        #expect(window.consume(nowMs: 180_000).allowed)
    }

    @Test("timestamps format and parse UTC forms")
    func timestamps() {
        let ms = SandboxTimestamp.milliseconds(year: 2026, month: 11, day: 25, hour: 12, millisecond: 7)
        #expect(SandboxTimestamp.iso8601(milliseconds: ms) == "2026-11-25T12:00:00.007Z")
        #expect(SandboxTimestamp.parse("2026-11-25T12:00:00.007Z") == ms)
        #expect(SandboxTimestamp.parse("2026-11-25 12:00:00.007 UTC") == ms)
        #expect(SandboxTimestamp.parse("2026-11-25") == SandboxTimestamp.milliseconds(year: 2026, month: 11, day: 25))
        #expect(SandboxTimestamp.parse("2026-13-01") == nil)
        #expect(SandboxTimestamp.parse("yesterday") == nil)
    }

    @Test("JSON values serialise with sorted keys and round-trip")
    func json() throws {
        let value: JSONValue = ["b": [1, "x", nil, true], "a": ["z": 1.5]]
        #expect(value.jsonString == #"{"a":{"z":1.5},"b":[1,"x",null,true]}"#)
        #expect(try JSONValue.parse(Data(value.serialized())) == value)
        #expect(EffectDigest.of(value) == EffectDigest.of(try JSONValue.parse(Data(value.serialized()))))
    }

    @Test("the JSON parser handles escapes, numbers and refuses bad input without crashing")
    func parser() throws {
        let text = #" {"a": "x\"y\u00e9\ud83d\ude00", "n": -12, "d": 1.5e2, "z": [true, false, null, {}]} "#
        let value = try JSONValue.parse(Data(text.utf8))
        #expect(value["a"] == "x\"yé😀")
        #expect(value["n"] == -12)
        #expect(value["d"] == 150.0)
        #expect(value["z"] == [true, false, nil, [:]])
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"open", "1 2", String(repeating: "[", count: 600)] {
            #expect(throws: (any Error).self) { try JSONValue.parse(Data(bad.utf8)) }
        }
    }
}
