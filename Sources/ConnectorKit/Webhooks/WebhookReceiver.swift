import SyncCore

/// Verifies and reads a vendor's inbound webhooks; the daemon serves it at `/webhooks/<vendor>`.
///
/// Vendor knowledge (signature scheme, freshness window, payload shape, which events touch which stream) stays in
/// the connector module that implements this; the daemon only routes the request and wakes the named pollers.
public protocol WebhookReceiver: Sendable {
    /// The vendor whose webhooks this reads; also the last path component of the route.
    var vendor: VendorName { get }

    /// Checks the request's signature and freshness against `now` (UTC ms) and maps its events to streams.
    /// - Important: must not throw and must not read the body as trusted before the signature is checked.
    func receive(_ request: WebhookRequest, now: UTCMillis) -> WebhookVerdict
}
