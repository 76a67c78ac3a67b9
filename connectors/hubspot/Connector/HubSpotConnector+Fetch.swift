import ConnectorKit
import Foundation
import SyncCore

extension HubSpotConnector: RecordFetching {
    /// `contacts`: contacts can be read by id (what `contact.*` webhooks name).
    public var fetchableStreams: Set<String> { [Stream.contacts] }

    /// 100: HubSpot's batch input limit (hubspot.md §4).
    public var fetchBatchSize: Int { 100 }

    /// Reads contacts by id with `POST /crm/v3/objects/contacts/batch/read` (the stream's properties), maps them
    /// as the `contacts` stream does and adds their email consent (v3 per address, or one v4 batch).
    ///
    /// Source: `crm-contacts-v3.openapi.json` `POST /crm/v3/objects/contacts/batch/read` (body `inputs` of `{id}`,
    /// `properties`, `propertiesWithHistory`; 200, or 207 with `OBJECT_NOT_FOUND` errors for ids that are gone,
    /// which are left out: the `archived` stream reports deletions). Ids that are not numbers are left out too.
    /// Its requests are `priority`: they may use the part of the burst limit kept back from the streams.
    /// - Throws: `ConnectorError` from the HTTP client; `.configuration` for another stream; `.malformedResponse`
    ///   when the response has no `results`.
    public func fetch(stream: String, recordKeys: [String], context: PullContext) async throws -> [PulledItem] {
        guard stream == Stream.contacts else {
            throw ConnectorError(.configuration, "stream \(stream) cannot be read by id", vendor: "hubspot")
        }
        let ids = recordKeys.filter { !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int64($0) != nil }
        guard !ids.isEmpty else { return [] }
        return try await readContacts(Array(ids.prefix(fetchBatchSize)), idProperty: nil, priority: true).map(\.item)
    }

    /// One `POST /crm/v3/objects/contacts/batch/read` of `ids` (contact ids, or values of `idProperty`, e.g.
    /// `email`): the found contacts with the stream's properties, mapped as the `contacts` stream does (consent
    /// included), each with its raw result object. Inputs HubSpot does not find (`OBJECT_NOT_FOUND` in a 207) are
    /// left out.
    ///
    /// Source: `crm-contacts-v3.openapi.json` `BatchReadInputSimplePublicObjectId` (`idProperty`, `inputs[].id`,
    /// `properties`, `propertiesWithHistory`).
    /// - Throws: `ConnectorError` from the HTTP client; `.malformedResponse` when the response has no `results`.
    func readContacts(
        _ ids: [String], idProperty: String?, priority: Bool
    ) async throws -> [(object: [String: Any], item: PulledItem)] {
        guard !ids.isEmpty else { return [] }
        struct Input: Encodable { var id: String }
        struct Body: Encodable {
            var idProperty: String?
            var inputs: [Input]
            var properties: [String]
            var propertiesWithHistory: [String]
        }
        let body = Body(
            idProperty: idProperty, inputs: ids.map { Input(id: $0) },
            properties: HubSpotFieldMapping.requestedProperties(configuration), propertiesWithHistory: []
        )
        var request = try jsonRequest(
            .post, "/crm/v3/objects/contacts/batch/read", body: body,
            query: [URLQueryItem(name: "archived", value: "false")], operation: "contacts.batchRead"
        )
        request.priority = priority
        let response = try await client.send(request)
        guard let object = HubSpotJSON.object(response.body), let results = object["results"] as? [Any] else {
            throw ConnectorError(
                .malformedResponse, "batch read response without results", vendor: "hubspot",
                operation: "contacts.batchRead", httpStatus: response.status)
        }
        let items = try await withConsent(mapContacts(results, stream: Stream.contacts).items, priority: priority)
        return zip(results, items).map { (object: ($0.0 as? [String: Any]) ?? [:], item: $0.1) }
    }
}
