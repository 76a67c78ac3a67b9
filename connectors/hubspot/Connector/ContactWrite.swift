import SyncCore

/// One contact write of a push batch: how the contact is addressed (upsert by email or update by id) and the
/// HubSpot properties to set (strings, only mapped properties).
///
/// Source: `crm-contacts-v3.openapi.json` `POST .../batch/upsert` (`SimplePublicObjectBatchInputUpsert`) and
/// `POST .../batch/update` (`SimplePublicObjectBatchInput`); hubspot.md §4.
struct ContactWrite: Sendable, Equatable {
    enum Mode: Sendable, Equatable {
        /// `batch/upsert` with `idProperty=email`, `id` = the address.
        case upsertByEmail(String)
        /// `batch/update` by contact id.
        case updateById(String)
    }

    /// The mutation's position in the pushed batch.
    var index: Int
    var mode: Mode
    var properties: [String: String]
    /// Sent as `objectWriteTraceId` and used to map results and errors back.
    var traceId: String
    /// The mutation's record key, if any.
    var recordKey: String?

    /// The key that identifies the target contact inside one request (duplicate detection).
    var targetKey: String {
        switch mode {
        case .upsertByEmail(let email): "email:" + email.lowercased()
        case .updateById(let id): "id:" + id
        }
    }

    /// The write of an `.attributes` mutation: canonical fields translated through the mapping (unmapped fields are
    /// never sent). Update by id when the record is known and the email changes (or no email is known), else
    /// upsert by email.
    static func make(
        index: Int, mutation: Mutation, fields: [String: String], configuration: HubSpotConnector.Configuration
    ) -> Outcome<ContactWrite, PushOutcome> {
        let reverse = HubSpotFieldMapping.reverse(configuration.fieldMapping)
        var properties: [String: String] = [:]
        for (field, value) in fields {
            guard let property = reverse[field] else { continue }
            properties[property] = value
        }
        guard !properties.isEmpty else {
            return .failure(.rejected(reason: "no field of this mutation is mapped for hubspot"))
        }
        return make(index: index, mutation: mutation, properties: properties, changesEmail: fields["email"] != nil)
    }

    /// A write of raw HubSpot `properties` for `mutation`.
    static func make(
        index: Int, mutation: Mutation, properties: [String: String], changesEmail: Bool = false
    ) -> Outcome<ContactWrite, PushOutcome> {
        let email = (properties["email"] ?? mutation.email).flatMap { $0.isEmpty ? nil : $0 }
        let mode: Mode
        if let key = mutation.recordKey, changesEmail || email == nil {
            mode = .updateById(key)
        } else if let email {
            guard EmailAddress.isValid(email) else { return .failure(.rejected(reason: "email: not a valid address")) }
            mode = .upsertByEmail(email)
        } else {
            return .failure(.rejected(reason: "email: no address and no record key to address the contact"))
        }
        return .success(
            ContactWrite(
                index: index, mode: mode, properties: properties, traceId: mutation.idempotencyKey,
                recordKey: mutation.recordKey
            ))
    }
}
