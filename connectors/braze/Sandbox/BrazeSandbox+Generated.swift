import SandboxKit

extension BrazeSandbox {
    private static let firstNames = [
        "Ada", "Bruno", "Chloe", "Dario", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas",
    ]
    private static let lastNames = [
        "Adler", "Berg", "Costa", "Dahl", "Evans", "Fischer", "Garcia", "Hansen", "Jensen", "Novak",
    ]

    /// A deterministic workspace of `profiles` profiles (`external_id` `gen-0000001`…, email
    /// `contact<N>@example.com`, matching `HubSpotSandbox.generated`'s addresses), created over
    /// 2026-01-01 ..< 2026-11-01; every `unsubscribedEvery`-th profile (0 = none) is email-unsubscribed.
    public static func generated(
        profiles: Int, randomSeed: UInt64, unsubscribedEvery: Int = 0,
        clock: SandboxClock = .system()
    ) -> BrazeSandboxState {
        var data = BrazeSandboxData(seed: randomSeed)
        let start = SandboxTimestamp.milliseconds(year: 2026, month: 1, day: 1)
        let span: UInt64 = 304 * 86_400_000
        for index in 0..<max(0, profiles) {
            let random = SplitMix64.value(seed: randomSeed, index: UInt64(index))
            let created = start + Int64((random >> 16) % span)
            var profile = BrazeProfile(brazeId: data.store.newBrazeId(), createdAtMs: created, updatedAtMs: created)
            profile.externalId =
                "gen-" + String(repeating: "0", count: max(0, 7 - String(index + 1).count)) + String(index + 1)
            profile.email = "contact\(index + 1)@example.com"
            profile.standard["first_name"] = firstNames[Int(random % 10)]
            profile.standard["last_name"] = lastNames[Int((random >> 8) % 10)]
            if unsubscribedEvery > 0, (index + 1) % unsubscribedEvery == 0 {
                profile.emailSubscribe = "unsubscribed"
                profile.emailUnsubscribedAtMs = created
                data.addresses.unsubscribes[profile.email ?? ""] = created
            }
            data.store.put(profile)
        }
        return BrazeSandboxState(data: data, clock: clock)
    }
}
