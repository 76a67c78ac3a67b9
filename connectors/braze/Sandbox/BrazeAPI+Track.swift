import Hummingbird
import SandboxKit

/// `POST /users/track`: attributes, then events, then purchases.
///
/// Source: braze.md §4 / Postman "Track Users". Too many objects → 400 `Max Input Length Exceeded` and nothing is
/// applied. A bad object is reported in `errors` (`type`, `input_array`, 0-based `index` within its array) and
/// the rest is applied (201). Event times in the future are clamped to now. Each event's stable id
/// (`properties.vendorsync_event_id`, else `event_id`, else `id`) is logged as its idempotency key.
extension BrazeAPI {
    static let eventIdProperties = ["vendorsync_event_id", "event_id", "id"]

    func registerTrack(on router: Router<BasicRequestContext>) {
        router.post("/users/track") { request, _ in try await track(request) }
    }

    private func track(_ request: Request) async throws -> Response {
        let body = try await jsonObject(request)
        var arrays: [String: [JSONValue]] = [:]
        for name in ["attributes", "events", "purchases"] {
            guard let raw = body[name], !raw.isNull else { continue }
            guard let list = raw.arrayValue else { throw Self.fatal("'\(name)' must be an array") }
            arrays[name] = list
        }
        guard !arrays.isEmpty else { throw Self.fatal("No attributes, events or purchases given") }
        let counts = (arrays["attributes"]?.count ?? 0, arrays["events"]?.count ?? 0, arrays["purchases"]?.count ?? 0)
        if trackLimits.exceeded(attributes: counts.0, events: counts.1, purchases: counts.2) {
            throw Self.fatal("Max Input Length Exceeded")
        }
        let nowMs = state.clock.nowMilliseconds()
        var errors: [JSONValue] = []
        var processed: [String: Int] = [:]
        var writes: [(String, String?, JSONValue)] = []
        state.data.withLock { data in
            for name in ["attributes", "events", "purchases"] {
                for (index, item) in (arrays[name] ?? []).enumerated() {
                    do {
                        guard case .object(let object) = item else {
                            throw BrazeItemProblem(type: "Each \(name) entry must be an object")
                        }
                        guard let write = try apply(name, object, data: &data, nowMs: nowMs) else { continue }
                        processed[name, default: 0] += 1
                        writes.append(write)
                    } catch {
                        let type = (error as? BrazeItemProblem)?.type ?? "\(error)"
                        errors.append([
                            "type": .string(type), "input_array": .string(name), "index": .int(Int64(index)),
                        ])
                    }
                }
            }
        }
        for (key, eventId, effect) in writes {
            logWrite(request, objectKey: key, idempotencyKey: eventId, effect: effect)
        }
        var response: [String: JSONValue] = [:]
        for name in arrays.keys { response["\(name)_processed"] = .int(Int64(processed[name] ?? 0)) }
        if !errors.isEmpty { response["errors"] = .array(errors) }
        return Self.success(response)
    }

    /// Applies one object; returns (object key, idempotency key, effect) or `nil` when skipped silently.
    private func apply(_ array: String, _ object: [String: JSONValue], data: inout BrazeSandboxData, nowMs: Int64)
        throws -> (String, String?, JSONValue)?
    {
        switch array {
        case "attributes":
            let update = try BrazeAttributeUpdate(object)
            guard let id = try data.resolve(.object(object), nowMs: nowMs) else { return nil }
            update.apply(to: &data, brazeId: id, nowMs: nowMs)
            return (data.profileKey(id), nil, .object(object))
        case "events":
            guard let name = object["name"]?.stringValue, !name.isEmpty else {
                throw BrazeItemProblem(type: "Event name is required")
            }
            let at = try Self.time(object["time"], nowMs: nowMs)
            guard let id = try data.resolve(.object(object), nowMs: nowMs) else { return nil }
            var stored = object
            stored["_time_ms"] = .int(at)
            data.store.events[id, default: []].append(.object(stored))
            let properties = object["properties"]?.objectValue ?? [:]
            let eventId = Self.eventIdProperties.lazy.compactMap { properties[$0]?.stringValue }.first
            return ("event:\(data.profileKey(id))", eventId, .object(object))
        default:
            guard let product = object["product_id"]?.stringValue, !product.isEmpty else {
                throw BrazeItemProblem(type: "product_id is required")
            }
            guard let currency = object["currency"]?.stringValue, currency.count == 3 else {
                throw BrazeItemProblem(type: "currency must be a 3-letter ISO-4217 code")
            }
            guard object["price"]?.doubleValue != nil else { throw BrazeItemProblem(type: "price must be a number") }
            let at = try Self.time(object["time"], nowMs: nowMs)
            guard let id = try data.resolve(.object(object), nowMs: nowMs) else { return nil }
            var stored = object
            stored["_time_ms"] = .int(at)
            data.store.purchases[id, default: []].append(.object(stored))
            return ("purchase:\(data.profileKey(id))", nil, .object(object))
        }
    }

    private static func time(_ value: JSONValue?, nowMs: Int64) throws(BrazeItemProblem) -> Int64 {
        guard let text = value?.stringValue, let ms = BrazeFormats.parseTime(text) else {
            throw BrazeItemProblem(type: "'time' must be a valid ISO-8601 datetime")
        }
        return min(ms, nowMs)
    }
}
