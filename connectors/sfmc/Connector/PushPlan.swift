import SyncCore

/// The requests a push batch turns into: subscriber objects for one SOAP `Create`, `LogUnsubEvent` calls to make
/// after it, Data Extension rows, and the outcomes already settled (rejections, `.exists`).
struct PushPlan: Sendable {
    /// `(mutation index, object)`; the object's position is its `OrdinalID`.
    var objects: [(index: Int, object: SubscriberObject)] = []
    /// Mutation indexes whose email opt-out also gets a `LogUnsubEvent`, with the subscriber key.
    var unsubscribeLogs: [(index: Int, subscriberKey: String)] = []
    /// `(mutation index, row)` for the events Data Extension.
    var rows: [(index: Int, row: [String: [String: String]])] = []
    var outcomes: [PushOutcome?]

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }
}
