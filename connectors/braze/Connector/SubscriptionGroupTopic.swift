import SyncCore

/// The hub consent key a Braze subscription group stands for (its channel and hub topic).
///
/// Configured per group id in `BrazeConnector.Configuration.subscriptionGroups`, e.g.
/// `"8b5ad0f1-…": {"channel": "email", "topic": "newsletter"}`.
public struct SubscriptionGroupTopic: Codable, Sendable, Equatable, Hashable {
    /// The group's channel (`email` or `sms`; Braze groups also exist for WhatsApp and LINE, not mapped here).
    public var channel: Channel
    /// The hub topic, never `"*"`.
    public var topic: String

    /// A mapping to the hub key (`channel`, `topic`).
    public init(channel: Channel, topic: String) {
        self.channel = channel
        self.topic = topic
    }

    /// The hub consent key.
    public var key: ConsentKey { ConsentKey(channel: channel, topic: topic) }
}
