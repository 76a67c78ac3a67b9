/// One state change a sandbox applied, as recorded in its write log.
public struct SandboxWrite: Sendable, Equatable, Codable {
    /// 1-based position in the log.
    public var seq: Int
    /// `hubspot`, `braze`, ...
    public var vendor: String
    /// HTTP method of the request that caused it.
    public var method: String
    /// Request path (no query).
    public var path: String
    /// Stable key of the object written, e.g. `contact:1001` or `external_id:cust-0001`.
    public var objectKey: String
    /// The idempotency key or event id the payload carried, if any.
    public var idempotencyKey: String?
    /// Digest of the effect (what changed, canonical JSON), hex.
    public var effectDigest: String
    /// When it was applied, epoch milliseconds (sandbox clock).
    public var appliedAtMs: Int64

    /// Builds an entry; `seq` is assigned by the log.
    public init(
        seq: Int = 0, vendor: String, method: String, path: String, objectKey: String,
        idempotencyKey: String? = nil, effectDigest: String, appliedAtMs: Int64
    ) {
        self.seq = seq
        self.vendor = vendor
        self.method = method
        self.path = path
        self.objectKey = objectKey
        self.idempotencyKey = idempotencyKey
        self.effectDigest = effectDigest
        self.appliedAtMs = appliedAtMs
    }

    /// The entry as JSON (`idempotencyKey` is `null` when absent).
    public var json: JSONValue {
        [
            "seq": .int(Int64(seq)), "vendor": .string(vendor), "method": .string(method), "path": .string(path),
            "objectKey": .string(objectKey), "idempotencyKey": idempotencyKey.map(JSONValue.string) ?? .null,
            "effectDigest": .string(effectDigest), "appliedAtMs": .int(appliedAtMs),
        ]
    }
}
