import SyncCore

/// Maps a `Results xsi:type="ListSubscriber"` element onto a `RemoteChange` of the `list_subscribers` stream:
/// consent for the list's hub topic — `Unsubscribed` → `.optedOut`, `Active` → `.unknown`; `Held`, `Bounced` and
/// `Deleted` carry no consent (deliverability is read from the subscriber). An unknown status or a list that is
/// not configured is `.rejected`. Source: sfmc.md §5 (ListSubscriber, list-level consent).
struct ListSubscriberMapper: Sendable {
    let lists: [SFMCConnector.ManagedList]
    let time: SystemTime
    private let stream = "list_subscribers"

    func modifiedMs(_ node: SOAPNode) -> Int64? { SFMCRecord.modifiedMs(node, time) }

    func map(_ node: SOAPNode) -> PulledItem {
        let record = SFMCRecord(node, stream: stream)
        let (key, raw, reject) = (record.key, record.raw, record.reject)
        guard !key.isEmpty else { return reject("SubscriberKey: missing") }
        let listID = node.value("ListID") ?? ""
        guard let topic = lists.first(where: { String($0.id) == listID })?.topic else {
            return reject("ListID: \(listID) is not a managed list")
        }
        guard let modified = modifiedMs(node) else { return reject(record.modifiedProblem) }
        let status = node.value("Status") ?? ""
        let consentKey = ConsentKey(channel: .email, topic: topic)
        var change = RemoteChange(vendor: "sfmc", stream: stream, recordKey: key, raw: raw)
        switch status {
        case "Active":
            change.consent = [ConsentObservation(key: consentKey, state: .unknown, at: modified, evidence: "ListID=\(listID) Status=Active")]
        case "Unsubscribed":
            change.consent = [ConsentObservation(key: consentKey, state: .optedOut, at: modified,
                                                 evidence: "ListID=\(listID) Status=Unsubscribed")]
        case "Held", "Bounced", "Deleted":
            break
        default:
            return reject("Status: unknown value \"\(status)\"")
        }
        return .change(change)
    }
}
