import Foundation
import SandboxKit

extension HubSpotSandbox {
    /// Loads a portal from a seed directory in HubSpot's own formats (all files optional):
    /// `contacts.json` (array of SimplePublicObject, archived ones included), `subscription-definitions.json`
    /// (v3 definitions response), `subscription-statuses.json` (array of v3 status responses, optionally with a
    /// sandbox-only `timestamps` map id → ISO time for v4), `email-events.json` (v1 events response).
    /// - Throws: `HubSpotSeedError` naming the file and problem.
    public static func loadSeed(from directory: URL, clock: SandboxClock = .system()) throws -> HubSpotSandboxState {
        let definitions =
            try read(directory, "subscription-definitions.json").map { json in
                try (json["subscriptionDefinitions"]?.arrayValue ?? []).map { raw in
                    guard let definition = HubSpotSubscriptionDefinition(json: raw) else {
                        throw HubSpotSeedError(
                            file: "subscription-definitions.json", problem: "definition without id or name")
                    }
                    return definition
                }
            } ?? HubSpotSubscriptionDefinition.defaults
        var data = HubSpotSandboxData(definitions: definitions)
        for raw in try read(directory, "contacts.json")?.arrayValue ?? [] {
            let record = try contactRecord(raw)
            for name in record.other.keys { data.registry.addCustomIfUnknown(name) }
            data.contacts.insert(record)
        }
        for raw in try read(directory, "subscription-statuses.json")?.arrayValue ?? [] {
            try loadStatus(raw, into: &data)
        }
        let state = HubSpotSandboxState(data: data, clock: clock)
        if let events = try read(directory, "email-events.json") {
            state.addEmailEvents(events["events"]?.arrayValue ?? events.arrayValue ?? [])
        }
        return state
    }

    private static func read(_ directory: URL, _ name: String) throws -> JSONValue? {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do { return try JSONValue.parse(try Data(contentsOf: url)) } catch {
            throw HubSpotSeedError(file: name, problem: "not valid JSON (\(error))")
        }
    }

    private static func contactRecord(_ raw: JSONValue) throws -> HubSpotContactRecord {
        guard let id = raw["id"]?.stringValue.flatMap({ Int64($0) }) else {
            throw HubSpotSeedError(file: "contacts.json", problem: "contact without a numeric string id")
        }
        let properties = raw["properties"]?.objectValue ?? [:]
        let text = { (name: String) in properties[name]?.stringValue }
        let created =
            raw["createdAt"]?.stringValue.flatMap(SandboxTimestamp.parse)
            ?? text("createdate").flatMap(HubSpotSearchFilter.instant) ?? 0
        let updated =
            text("lastmodifieddate").flatMap(HubSpotSearchFilter.instant)
            ?? raw["updatedAt"]?.stringValue.flatMap(SandboxTimestamp.parse) ?? created
        var record = HubSpotContactRecord(id: id, createdAtMs: created, updatedAtMs: updated)
        if raw["archived"]?.boolValue == true {
            record.archivedAtMs = raw["archivedAt"]?.stringValue.flatMap(SandboxTimestamp.parse) ?? updated
        }
        let derived: Set<String> = ["hs_object_id", "createdate", "lastmodifieddate", "hs_merged_object_ids"]
        for (name, value) in properties where !derived.contains(name) {
            if let string = value.stringValue { record.set(name, string) }
        }
        record.mergedIds = (text("hs_merged_object_ids") ?? "").split(separator: ";").compactMap { Int64($0) }
        return record
    }

    private static func loadStatus(_ raw: JSONValue, into data: inout HubSpotSandboxData) throws {
        guard let email = raw["recipient"]?.stringValue else {
            throw HubSpotSeedError(file: "subscription-statuses.json", problem: "status response without recipient")
        }
        let timestamps = raw["timestamps"]?.objectValue ?? [:]
        let fallback = data.contacts.id(forEmail: email).flatMap { data.contacts.live($0)?.updatedAtMs } ?? 0
        for status in raw["subscriptionStatuses"]?.arrayValue ?? [] {
            guard let idText = status["id"]?.stringValue, let id = Int64(idText) else { continue }
            let at = timestamps[idText]?.stringValue.flatMap(SandboxTimestamp.parse) ?? fallback
            if status["sourceOfStatus"]?.stringValue == "PORTAL_WIDE_STATUS" {
                data.consent.setPortalWideOptOut(email: email, atMs: at)
                continue
            }
            let state: HubSpotSubscriptionStatus.State
            switch status["status"]?.stringValue {
            case "SUBSCRIBED": state = .subscribed
            case "UNSUBSCRIBED": state = .unsubscribed
            default: continue
            }
            data.consent.set(
                email: email, subscriptionId: id,
                status: HubSpotSubscriptionStatus(
                    state: state, legalBasis: status["legalBasis"]?.stringValue,
                    legalBasisExplanation: status["legalBasisExplanation"]?.stringValue, changedAtMs: at, source: "SEED"
                ))
        }
    }
}
