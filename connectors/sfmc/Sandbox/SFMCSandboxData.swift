/// The mutable contents of an emulated business unit; always accessed under `SFMCSandboxState`'s lock.
struct SFMCSandboxData: Sendable {
    var subscribers: [String: SFMCSubscriberRecord] = [:]
    /// List id → subscriber key → membership.
    var lists: [Int: [String: SFMCListMembership]] = [:]
    var events: [SFMCTrackingEvent] = []
    /// Data Extension key → row key (JSON of the `keys` object) → values.
    var dataExtensionRows: [String: [String: [String: String]]] = [:]
    /// Issued access tokens → expiry (epoch ms).
    var tokens: [String: Int64] = [:]
    /// Open Retrieve result sets by `RequestID`.
    var pending: [String: SFMCPendingRetrieve] = [:]
    var nextID = 1
    var serial: UInt64 = 0
    let seed: UInt64

    init(seed: UInt64) { self.seed = seed }

    /// A fresh numeric subscriber `ID`.
    mutating func newID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    /// A fresh GUID-shaped identifier (deterministic per seed), e.g. for `RequestID`.
    mutating func newGUID() -> String {
        serial += 1
        let a = SplitMixLite.value(seed &+ serial)
        let b = SplitMixLite.value(a)
        let hex = String(a, radix: 16).leftPadded(16) + String(b, radix: 16).leftPadded(16)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
            + String(c[20..<32])
    }

    /// Subscribers holding `email` (case-insensitive), sorted by key.
    func subscribers(email: String) -> [SFMCSubscriberRecord] {
        let wanted = email.lowercased()
        return subscribers.values.filter { $0.emailAddress.lowercased() == wanted }.sorted { $0.subscriberKey < $1.subscriberKey }
    }
}

/// A Retrieve result set kept for `ContinueRequest`: pre-rendered `<Results>` elements and how many were sent.
struct SFMCPendingRetrieve: Sendable {
    var rows: [String]
    var sent: Int
    /// Rows per page (`Options/BatchSize`, at most 2,500).
    var pageSize: Int
}

enum SplitMixLite {
    static func value(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
