import SandboxKit

/// Knobs for `HubSpotSandbox.generated(contacts:randomSeed:options:)`.
public struct HubSpotGenerationOptions: Sendable {
    /// How many generated contacts share one identical `lastmodifieddate` (spread evenly over the id range).
    public var contactsSharingTimestamp: Int
    /// That shared `lastmodifieddate`, epoch ms (default 2026-06-01T00:00:00.000Z).
    public var sharedTimestampMs: Int64
    /// Creation and modification times fall in `[rangeStartMs, rangeEndMs)`.
    public var rangeStartMs: Int64
    /// End of the time range, epoch ms.
    public var rangeEndMs: Int64
    /// First contact id (numeric, above 32 bits like HubSpot's).
    public var firstId: Int64

    /// Defaults: no shared timestamp, times spread over 2026-01-01 ..< 2026-11-01, ids from 200000000001.
    public init(
        contactsSharingTimestamp: Int = 0,
        sharedTimestampMs: Int64 = SandboxTimestamp.milliseconds(year: 2026, month: 6, day: 1),
        rangeStartMs: Int64 = SandboxTimestamp.milliseconds(year: 2026, month: 1, day: 1),
        rangeEndMs: Int64 = SandboxTimestamp.milliseconds(year: 2026, month: 11, day: 1),
        firstId: Int64 = 200_000_000_001
    ) {
        self.contactsSharingTimestamp = contactsSharingTimestamp
        self.sharedTimestampMs = sharedTimestampMs
        self.rangeStartMs = rangeStartMs
        self.rangeEndMs = rangeEndMs
        self.firstId = firstId
    }
}
