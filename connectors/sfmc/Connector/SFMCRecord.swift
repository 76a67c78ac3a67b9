import SyncCore

/// What every SFMC record mapper reads first: the element's raw XML (kept on a rejection), its `SubscriberKey`, and
/// its modification time (`ModifiedDate`, else `CreatedDate`, naive system time → UTC ms).
struct SFMCRecord {
    let node: SOAPNode
    let stream: String
    let raw: String
    let key: String

    init(_ node: SOAPNode, stream: String) {
        self.node = node
        self.stream = stream
        raw = node.xml
        key = node.value("SubscriberKey") ?? ""
    }

    /// A rejection of this record with `reason`, keyed by its `SubscriberKey` when it has one.
    func reject(_ reason: String) -> PulledItem {
        .rejected(RejectedRecord(vendor: "sfmc", stream: stream, recordKey: key.isEmpty ? nil : key, reason: reason, raw: raw))
    }

    /// `ModifiedDate` (else `CreatedDate`) of `node` in UTC ms; `nil` when absent or unreadable.
    static func modifiedMs(_ node: SOAPNode, _ time: SystemTime) -> Int64? {
        (node.value("ModifiedDate") ?? node.value("CreatedDate")).flatMap { try? time.parse($0, field: "ModifiedDate") }
    }

    /// Why the record has no modification time: `ModifiedDate: missing` or `…: unparseable timestamp "…"`.
    var modifiedProblem: String {
        guard node.value("ModifiedDate") != nil || node.value("CreatedDate") != nil else { return "ModifiedDate: missing" }
        return "ModifiedDate: unparseable timestamp \"\(node.value("ModifiedDate") ?? "")\""
    }
}
