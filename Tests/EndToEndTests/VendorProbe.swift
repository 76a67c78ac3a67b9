import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Reads vendor state through the vendors' own endpoints of a running sandbox (never its internals).
struct VendorProbe {
    let hubspot: URL
    let braze: URL

    /// One JSON request; answers a sandbox fault injected (5xx, 429, timeout, truncated body) are retried, up to 20
    /// times, so reads through a faulty sandbox see its real state.
    func json(_ url: String, method: HTTPMethod = .GET, body: String? = nil, token: String) async throws -> [String: Any] {
        for _ in 0..<20 {
            if let object = try? await attempt(url, method: method, body: body, token: token) { return object }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await attempt(url, method: method, body: body, token: token)
    }

    private func attempt(_ url: String, method: HTTPMethod, body: String?, token: String) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        guard (200..<300).contains(response.status.code) || response.status.code == 404 else { throw ProbeError.fault }
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

extension VendorProbe {
    /// SFMC subscribers through a SOAP `Retrieve` (token from `/v2/token`): SubscriberKey → (EmailAddress, Status).
    func sfmcSubscribers(_ sfmc: URL) async throws -> [String: (email: String, status: String)] {
        let tokenBody = #"{"grant_type":"client_credentials","client_id":"sandbox-client","client_secret":"sandbox-secret","account_id":"100"}"#
        let token = try await json("\(sfmc.absoluteString)/v2/token", method: .POST, body: tokenBody, token: "")["access_token"] as? String ?? ""
        let envelope = """
            <?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>\
            <fueloauth xmlns="http://exacttarget.com">\(token)</fueloauth></soap:Header><soap:Body>\
            <RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest><ObjectType>Subscriber</ObjectType>\
            <Properties>SubscriberKey</Properties><Properties>EmailAddress</Properties><Properties>Status</Properties>\
            </RetrieveRequest></RetrieveRequestMsg></soap:Body></soap:Envelope>
            """
        var text = ""
        for _ in 0..<20 where !text.contains("<OverallStatus>OK</OverallStatus>") {
            text = (try? await soap(sfmc, envelope)) ?? ""
        }
        var subscribers: [String: (email: String, status: String)] = [:]
        for result in text.components(separatedBy: "<Results").dropFirst() {
            func value(_ tag: String) -> String {
                guard let open = result.range(of: "<\(tag)>"), let close = result.range(of: "</\(tag)>", range: open.upperBound..<result.endIndex)
                else { return "" }
                return String(result[open.upperBound..<close.lowerBound])
            }
            subscribers[value("SubscriberKey")] = (value("EmailAddress"), value("Status"))
        }
        return subscribers
    }

    private func soap(_ sfmc: URL, _ envelope: String) async throws -> String {
        var request = HTTPClientRequest(url: "\(sfmc.absoluteString)/Service.asmx")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/xml; charset=utf-8")
        request.headers.add(name: "SOAPAction", value: "Retrieve")
        request.body = .bytes(ByteBuffer(string: envelope))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 16 << 20))
    }

    /// Braze profiles holding `email`, through `/users/export/ids` with `email_address`.
    func brazeUsers(email: String, fields: [String]) async throws -> [[String: Any]] {
        let body = try JSONSerialization.data(withJSONObject: ["email_address": email, "fields_to_export": fields + ["external_id"]])
        let response = try await json("\(braze.absoluteString)/users/export/ids", method: .POST, body: String(decoding: body, as: UTF8.self), token: "sandbox-api-key")
        return response["users"] as? [[String: Any]] ?? []
    }
}

/// A sandbox fault seen by the probe (retried).
enum ProbeError: Error { case fault }
