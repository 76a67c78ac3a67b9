import SandboxKit

extension HubSpotSandbox {
    private static let firstNames = [
        "Ada", "Bruno", "Chloe", "Dario", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Luca", "Mina",
        "Nils", "Olga", "Pavel", "Rosa", "Sami", "Tara", "Umar",
    ]
    private static let lastNames = [
        "Adler", "Berg", "Costa", "Dahl", "Evans", "Fischer", "Garcia", "Hansen", "Ivanova", "Jensen", "Kowalski",
        "Larsen", "Moreau", "Novak", "Olsen", "Petrov", "Quinn", "Rossi", "Schulz", "Tanaka",
    ]

    /// A deterministic portal of `contacts` generated contacts (`contact<N>@example.com`), equal seeds giving equal
    /// data. Memory is about 150 bytes per contact, so 100k+ is fine. No consent or email events are generated.
    public static func generated(
        contacts: Int, randomSeed: UInt64,
        options: HubSpotGenerationOptions = HubSpotGenerationOptions(),
        clock: SandboxClock = .system()
    ) -> HubSpotSandboxState {
        var data = HubSpotSandboxData(definitions: HubSpotSubscriptionDefinition.defaults)
        let count = max(0, contacts)
        let shared = min(max(0, options.contactsSharingTimestamp), count)
        let span = UInt64(max(1, options.rangeEndMs - options.rangeStartMs))
        for index in 0..<count {
            let random = SplitMix64.value(seed: randomSeed, index: UInt64(index))
            let created = options.rangeStartMs + Int64((random >> 20) % span)
            let remaining = UInt64(max(1, options.rangeEndMs - created))
            var modified = created + Int64((random >> 3) % remaining)
            if shared > 0, (index * shared) / count != ((index + 1) * shared) / count {
                modified = options.sharedTimestampMs
            }
            var record = HubSpotContactRecord(
                id: options.firstId + Int64(index), createdAtMs: min(created, modified), updatedAtMs: modified)
            record.email = "contact\(index + 1)@example.com"
            record.firstname = firstNames[Int(random % 20)]
            record.lastname = lastNames[Int((random >> 8) % 20)]
            data.contacts.insert(record)
        }
        return HubSpotSandboxState(data: data, clock: clock)
    }
}
