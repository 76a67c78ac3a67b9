import Hummingbird
import SandboxKit

/// `POST /crm/v3/objects/contacts/search`.
///
/// Source: `crm-contacts-v3.openapi.json` (PublicObjectSearchRequest → CollectionResponseWithTotalSimplePublicObject)
/// and the search guide: `after` is an offset string, no `paging` on the last page, 10,000-result cap, archived
/// contacts never match, writes become visible after `searchIndexLag`.
extension HubSpotAPI {
    func registerSearch(on router: Router<BasicRequestContext>, prefix: String) {
        router.post(RouterPath(prefix + "/search")) { request, _ in try await search(request) }
    }

    private func search(_ request: Request) async throws -> Response {
        let body = try await jsonBody(request)
        let query: HubSpotSearchRequest
        do { query = try HubSpotSearchRequest(body: body) } catch { throw HubSpotErrors.validation(error.message) }
        let nowMs = state.clock.nowMilliseconds()
        let (page, total) = state.data.withLock { data in
            data.contacts.search(
                query, registry: data.registry,
                visibleUntilMs: data.searchIndexLagMs > 0 ? nowMs - data.searchIndexLagMs : .max)
        }
        var response: [String: JSONValue] = [
            "total": .int(Int64(total)), "results": .array(page.map { $0.json(properties: query.properties) }),
        ]
        let nextOffset = query.after + page.count
        if nextOffset < total, !page.isEmpty {
            response["paging"] = [
                "next": ["after": .string(String(nextOffset)), "link": .string("?after=\(nextOffset)")]
            ]
        }
        return Response.json(.object(response))
    }
}
