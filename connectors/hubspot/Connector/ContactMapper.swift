import Foundation
import SyncCore

/// Maps one HubSpot contact object (`SimplePublicObject`) onto a `RemoteChange`, or rejects it naming the field.
///
/// Source: `crm-contacts-v3.openapi.json` `SimplePublicObject`; hubspot.md §3 (all property values are strings,
/// `lastmodifieddate` ISO-8601 UTC with millis) and §6 (`hs_merged_object_ids` semicolon-separated, `archived`).
struct ContactMapper: Sendable {
    /// A mapped contact with what the cursor and the consent step need.
    struct Mapped {
        var change: RemoteChange
        /// `lastmodifieddate` (or the archive time), UTC ms.
        var modifiedMs: Int64
        var id: Int64
        /// The contact's properties as strings (null values left out).
        var properties: [String: String]
    }

    let vendor: VendorName
    let table: [String: String]
    let maxPropertyBytes: Int

    /// Maps `object`; `raw` is its JSON text, kept on the change and on a rejection.
    /// - Returns: the mapped contact, or the rejection with a reason naming the field (no personal data in it).
    func map(_ object: [String: Any], raw: String, stream: String) -> Outcome<Mapped, RejectedRecord> {
        let properties = object["properties"] as? [String: Any] ?? [:]
        let idText = HubSpotJSON.string(object["id"]) ?? HubSpotJSON.string(properties["hs_object_id"])
        func reject(_ reason: String) -> Outcome<Mapped, RejectedRecord> {
            .failure(RejectedRecord(vendor: vendor, stream: stream, recordKey: idText, reason: reason, raw: raw))
        }
        guard let idText, let id = Int64(idText) else { return reject("id: missing or not a number") }
        var values: [String: String] = [:]
        for (name, value) in properties {
            guard let text = HubSpotJSON.string(value) else { continue }
            if text.utf8.count > maxPropertyBytes {
                return reject("\(name): value of \(text.utf8.count) bytes exceeds the \(maxPropertyBytes)-byte limit")
            }
            values[name] = text
        }
        let archived = HubSpotJSON.bool(object["archived"]) ?? false
        let modifiedMs: Int64
        do {
            modifiedMs = try modificationTime(object, values: values, archived: archived)
        } catch let error as NormalizationError {
            return reject(error.description)
        } catch {
            return reject("lastmodifieddate: unparseable")
        }
        let email = values["email"].flatMap { $0.isEmpty ? nil : $0 }
        if let email, !EmailAddress.isValid(email) { return reject("email: not a valid address") }
        var attributes: [String: AttributeValue] = [:]
        for (property, field) in table where properties.keys.contains(property) {
            attributes[field] = AttributeValue(values[property], at: modifiedMs)
        }
        let merged = (values["hs_merged_object_ids"] ?? "")
            .split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty && $0 != idText
            }
        let additional = (values["hs_additional_emails"] ?? "")
            .split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { EmailAddress.isValid($0) }
        let change = RemoteChange(
            vendor: vendor, stream: stream, recordKey: idText, email: email, additionalEmails: additional,
            attributes: archived ? [:] : attributes, deleted: archived, mergedKeys: merged, raw: raw
        )
        return .success(Mapped(change: change, modifiedMs: modifiedMs, id: id, properties: values))
    }

    /// `lastmodifieddate`; for an archived record without it, `archivedAt` or `updatedAt`.
    private func modificationTime(_ object: [String: Any], values: [String: String], archived: Bool) throws -> Int64 {
        if let text = values["lastmodifieddate"] { return try HubSpotJSON.millis(text, field: "lastmodifieddate") }
        if archived {
            for key in ["archivedAt", "updatedAt"] {
                if let text = HubSpotJSON.string(object[key]) { return try HubSpotJSON.millis(text, field: key) }
            }
        }
        if let text = HubSpotJSON.string(object["updatedAt"]) {
            return try HubSpotJSON.millis(text, field: "updatedAt")
        }
        throw NormalizationError(field: "lastmodifieddate", reason: "missing")
    }
}
