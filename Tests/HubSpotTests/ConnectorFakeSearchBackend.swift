import ConnectorTestKit
import ConnectorKit
import Foundation
import SyncCore

/// An in-memory stand-in for HubSpot's contact search (test double, not an emulator): `lastmodifieddate` and
/// `hs_object_id` filters (`GTE`, `GT`, `EQ`, groups ORed), one ascending sort with ties by id, offset paging
/// capped at 10,000 results (400 past it), and optional 429s before the first N requests succeed.
final class FakeSearchBackend: HTTPTransport {
    struct Contact: Sendable {
        var id: Int64
        var modifiedMs: Int64
        var email: String
    }

    private let state: Locked<(contacts: [Int64: Contact], requests: Int, throttle: Int, sorted: [Contact])>

    init(contacts: [Contact], throttleFirst: Int = 0) {
        state = Locked((Dictionary(uniqueKeysWithValues: contacts.map { ($0.id, $0) }), 0, throttleFirst, []))
    }

    var requestCount: Int { state.withLock { $0.requests } }

    func touch(id: Int64, modifiedMs: Int64) {
        state.withLock { state in
            state.contacts[id]?.modifiedMs = modifiedMs
            state.sorted = []
        }
    }

    func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        let throttled = state.withLock { state -> Bool in
            state.requests += 1
            guard state.throttle > 0 else { return false }
            state.throttle -= 1
            return true
        }
        if throttled {
            let body =
                #"{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING"}"#
            return VendorResponse(
                status: 429, headers: ["X-HubSpot-RateLimit-Interval-Milliseconds": "10000"], body: Data(body.utf8))
        }
        guard request.url.path == "/crm/v3/objects/contacts/search",
            let body = request.body, let search = try? JSONDecoder().decode(Search.self, from: body)
        else {
            return VendorResponse(status: 404, body: Data(#"{"status":"error","category":"OBJECT_NOT_FOUND"}"#.utf8))
        }
        let after = Int(search.after ?? "0") ?? 0
        if after + search.limit > 10_000 {
            return VendorResponse(status: 400, body: Data(#"{"status":"error","category":"VALIDATION_ERROR"}"#.utf8))
        }
        let all = state.withLock { state -> [Contact] in
            if state.sorted.isEmpty {
                state.sorted = state.contacts.values.sorted { ($0.modifiedMs, $0.id) < ($1.modifiedMs, $1.id) }
            }
            return state.sorted
        }
        let matches = all.filter { contact in
            search.filterGroups.contains { $0.filters.allSatisfy { $0.matches(contact) } }
        }
        let slice = matches.dropFirst(after).prefix(search.limit)
        var object: [String: Any] = [
            "total": matches.count,
            "results": slice.map { contact -> [String: Any] in
                [
                    "id": String(contact.id), "archived": false,
                    "properties": [
                        "hs_object_id": String(contact.id), "email": contact.email,
                        "lastmodifieddate": VendorTime.iso8601(contact.modifiedMs),
                    ],
                ]
            },
        ]
        if after + slice.count < matches.count { object["paging"] = ["next": ["after": String(after + slice.count)]] }
        return VendorResponse(status: 200, body: try JSONSerialization.data(withJSONObject: object))
    }

    private struct Search: Decodable {
        struct Group: Decodable { var filters: [Filter] }
        struct Filter: Decodable {
            var propertyName: String
            var `operator`: String
            var value: String

            func matches(_ contact: Contact) -> Bool {
                let actual = propertyName == "hs_object_id" ? contact.id : contact.modifiedMs
                guard let expected = Int64(value) else { return false }
                switch self.operator {
                case "GTE": return actual >= expected
                case "GT": return actual > expected
                case "EQ": return actual == expected
                case "LTE": return actual <= expected
                case "LT": return actual < expected
                default: return false
                }
            }
        }

        var filterGroups: [Group]
        var limit: Int
        var after: String?
    }
}
