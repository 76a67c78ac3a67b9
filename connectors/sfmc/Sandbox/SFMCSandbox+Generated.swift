import SandboxKit

extension SFMCSandbox {
    private static let firstNames = ["Ada", "Bruno", "Chloe", "Dario", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas"]
    private static let lastNames = ["Adler", "Berg", "Costa", "Dahl", "Evans", "Fischer", "Garcia", "Hansen", "Jensen", "Novak"]

    /// A deterministic business unit of `subscribers` subscribers: `SubscriberKey` `sk-gen-0000001`…, email
    /// `contact<N>@example.com` (the addresses of `HubSpotSandbox.generated`), attributes `First Name` /
    /// `Last Name`, created over 2026-01-01 ..< 2026-11-01, each a member (`Active`) of every list in `listIDs`;
    /// every `unsubscribedEvery`-th (0 = none) is `Unsubscribed`; each subscriber gets one `SentEvent` when
    /// `sentEvents` is true.
    public static func generated(subscribers: Int, randomSeed: UInt64, listIDs: [Int] = [], unsubscribedEvery: Int = 0,
                                 sentEvents: Bool = false, clock: SandboxClock = .system()) -> SFMCSandboxState {
        var data = SFMCSandboxData(seed: randomSeed)
        let start = SandboxTimestamp.milliseconds(year: 2026, month: 1, day: 1)
        let span: UInt64 = 304 * 86_400_000
        for index in 0..<max(0, subscribers) {
            let random = SplitMix64.value(seed: randomSeed, index: UInt64(index))
            let created = start + Int64((random >> 16) % span)
            let number = String(index + 1)
            let key = "sk-gen-" + String(repeating: "0", count: max(0, 7 - number.count)) + number
            var record = SFMCSubscriberRecord(
                id: data.newID(), subscriberKey: key, emailAddress: "contact\(index + 1)@example.com", status: "Active",
                createdMs: created, modifiedMs: created,
                attributes: ["First Name": firstNames[Int(random % 10)], "Last Name": lastNames[Int((random >> 8) % 10)]])
            if unsubscribedEvery > 0, (index + 1) % unsubscribedEvery == 0 {
                record.status = "Unsubscribed"
                record.unsubscribedMs = created
            }
            data.subscribers[key] = record
            for list in listIDs {
                data.lists[list, default: [:]][key] = SFMCListMembership(
                    listID: list, subscriberKey: key, status: "Active", createdMs: created, modifiedMs: created)
            }
            if sentEvents {
                data.events.append(SFMCTrackingEvent(objectType: "SentEvent", sendID: 9001, batchID: 1, subscriberKey: key,
                                                     eventDateMs: created + 3_600_000))
            }
        }
        return SFMCSandboxState(data: data, clock: clock)
    }
}
