import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Reads vendor state through the vendors' own endpoints of a running sandbox (never its internals).
struct VendorProbe {
    let hubspot: URL
    let braze: URL

    func json(_ url: String, method: HTTPMethod = .GET, body: String? = nil, token: String) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let object = try JSONSerialization.jsonObject(with: Data(buffer: bytes))
        return object as? [String: Any] ?? [:]
    }

    /// A HubSpot contact's properties, looked up by email.
    func hubSpotContact(_ email: String, properties: [String]) async throws -> [String: String] {
        let encoded = email.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? email
        let url = "\(hubspot.absoluteString)/crm/v3/objects/contacts/\(encoded)?idProperty=email&properties=\(properties.joined(separator: ","))"
        let contact = try await json(url, token: "pat-sandbox")
        return (contact["properties"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
    }

    /// HubSpot's v3 subscription statuses of an address: subscription id → status.
    func hubSpotStatuses(_ email: String) async throws -> [String: String] {
        let encoded = email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? email
        let response = try await json("\(hubspot.absoluteString)/communication-preferences/v3/status/email/\(encoded)", token: "pat-sandbox")
        var statuses: [String: String] = [:]
        for status in response["subscriptionStatuses"] as? [[String: Any]] ?? [] {
            statuses["\(status["id"] ?? "")"] = status["status"] as? String
        }
        return statuses
    }

    /// Braze profiles by external id: external id → exported fields.
    func brazeUsers(_ externalIDs: [String], fields: [String]) async throws -> [String: [String: Any]] {
        let body = try JSONSerialization.data(withJSONObject: ["external_ids": externalIDs, "fields_to_export": fields + ["external_id"]])
        let response = try await json("\(braze.absoluteString)/users/export/ids", method: .POST, body: String(decoding: body, as: UTF8.self), token: "sandbox-api-key")
        var users: [String: [String: Any]] = [:]
        for user in response["users"] as? [[String: Any]] ?? [] {
            if let id = user["external_id"] as? String { users[id] = user }
        }
        return users
    }
}
