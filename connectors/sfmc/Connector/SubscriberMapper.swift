import SyncCore

/// Maps a `Results xsi:type="Subscriber"` element onto a `RemoteChange` of the `subscribers` stream.
///
/// | `Status` | hub |
/// |---|---|
/// | `Active` | consent `email/*` `.unknown` (SFMC's neutral default, never an opt-in) |
/// | `Unsubscribed` | consent `email/*` `.optedOut` at `UnsubscribedDate` (else `ModifiedDate`) |
/// | `Held`, `Bounced` | suppression `email` `hardBounce` at `ModifiedDate`; no consent |
/// | `Deleted` | `deleted = true` |
/// | anything else | `.rejected` naming the value |
///
/// `EmailAddress` → `email`; profile `Attributes` by the configured table. Dates are naive system time.
/// Source: sfmc.md §5 (SubscriberStatus), README cross-vendor table.
struct SubscriberMapper: Sendable {
    let fieldMapping: [String: String]
    let time: SystemTime
    private let stream = "subscribers"

    /// The `ModifiedDate` (else `CreatedDate`) in UTC ms, if readable.
    func modifiedMs(_ node: SOAPNode) -> Int64? { SFMCRecord.modifiedMs(node, time) }

    func map(_ node: SOAPNode) -> PulledItem {
        let record = SFMCRecord(node, stream: stream)
        let (key, raw, reject) = (record.key, record.raw, record.reject)
        guard !key.isEmpty else { return reject("SubscriberKey: missing") }
        guard let modified = modifiedMs(node) else { return reject(record.modifiedProblem) }
        let status = node.value("Status") ?? ""
        var change = RemoteChange(vendor: "sfmc", stream: stream, recordKey: key, raw: raw)
        if let email = node.value("EmailAddress"), !email.isEmpty {
            change.email = email
            change.attributes["email"] = AttributeValue(email, at: modified)
        }
        for attribute in node.all("Attributes") {
            guard let name = attribute.value("Name"), let field = fieldMapping[name] else { continue }
            change.attributes[field] = AttributeValue(attribute.value("Value") ?? "", at: modified)
        }
        let evidence = "Status=\(status)"
        switch status {
        case "Active":
            change.consent = [ConsentObservation(key: ConsentKey(channel: .email), state: .unknown, at: modified, evidence: evidence)]
        case "Unsubscribed":
            var at = modified
            if let text = node.value("UnsubscribedDate"), !text.isEmpty {
                do { at = try time.parse(text, field: "UnsubscribedDate") } catch {
                    return reject("UnsubscribedDate: unparseable timestamp \"\(text)\"")
                }
            }
            change.consent = [ConsentObservation(key: ConsentKey(channel: .email), state: .optedOut, at: at, evidence: evidence)]
        case "Held", "Bounced":
            change.suppressions = [Suppression(channel: .email, reason: .hardBounce, at: modified, source: "sfmc")]
        case "Deleted":
            change.deleted = true
        default:
            return reject("Status: unknown value \"\(status)\"")
        }
        return .change(change)
    }
}
