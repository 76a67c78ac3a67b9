import Foundation
import Hummingbird
import SandboxKit

/// `POST /users/export/ids` and `POST /users/export/segment`.
///
/// Source: Postman "Export User Profile by Identifier" / "by Segment"; braze.md §7. Up to 50 `external_ids` and
/// `user_aliases` together; or one of `braze_id`, `email_address`, `phone` (every profile holding the address
/// is returned). `created_at` is printed like `2020-07-10 15:00:00.000 UTC`.
extension BrazeAPI {
    func registerExport(on router: Router<BasicRequestContext>) {
        router.post("/users/export/ids") { request, _ in try await exportIds(request) }
        router.post("/users/export/segment") { request, _ in try await exportSegment(request) }
        router.get("/_sandbox/exports/{file}") { _, context in
            exportDownload(file: context.parameters.get("file") ?? "")
        }
    }

    private func exportIds(_ request: Request) async throws -> Response {
        let body = try await jsonObject(request)
        let externalIds = (body["external_ids"]?.arrayValue ?? []).compactMap(\.stringValue)
        let aliases = (body["user_aliases"]?.arrayValue ?? []).compactMap { BrazeAlias(json: $0) }
        guard externalIds.count + aliases.count <= 50 else {
            throw Self.fatal("The max number of external_ids and aliases per request was exceeded")
        }
        let singles = ["device_id", "email_address", "phone"].filter { body[$0]?.stringValue != nil }
        guard singles.count <= 1 else { throw Self.fatal("Only one of device_id, email_address or phone may be given") }
        let brazeId = body["braze_id"]?.stringValue
        guard !externalIds.isEmpty || !aliases.isEmpty || !singles.isEmpty || brazeId != nil else {
            throw Self.fatal(
                "No user identifier given: provide external_ids, user_aliases, braze_id, email_address or phone")
        }
        let fields = body["fields_to_export"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
        var invalid: [String] = []
        let users: [JSONValue] = state.data.withLock { data in
            var found: [BrazeProfile] = []
            for id in externalIds {
                if let profile = data.store.profile(externalId: id) {
                    found.append(profile)
                } else {
                    invalid.append(id)
                }
            }
            found += aliases.compactMap { data.store.profile(alias: $0) }
            if let brazeId {
                if let profile = data.store.profile(brazeId: brazeId) {
                    found.append(profile)
                } else {
                    invalid.append(brazeId)
                }
            }
            if let email = body["email_address"]?.stringValue { found += data.store.profiles(email: email) }
            if let phone = body["phone"]?.stringValue { found += data.store.profiles(phone: phone) }
            var seen = Set<String>()
            return found.filter { seen.insert($0.brazeId).inserted }.map { profile in
                profile.exportJSON(
                    fields: fields, events: data.store.events[profile.brazeId] ?? [],
                    purchases: data.store.purchases[profile.brazeId] ?? [])
            }
        }
        var response: [String: JSONValue] = ["users": .array(users)]
        if !invalid.isEmpty { response["invalid_user_ids"] = .array(invalid.map(JSONValue.string)) }
        return Self.success(response)
    }

    private func exportSegment(_ request: Request) async throws -> Response {
        let body = try await jsonObject(request)
        guard let segment = body["segment_id"]?.stringValue, !segment.isEmpty else {
            throw Self.fatal("segment_id is required")
        }
        guard let fieldList = body["fields_to_export"]?.arrayValue, !fieldList.isEmpty else {
            throw Self.fatal("fields_to_export is required")
        }
        let fields = Set(fieldList.compactMap(\.stringValue))
        let prefix = "\(UUID().uuidString.lowercased())-\(state.clock.nowMilliseconds() / 1000)"
        state.data.withLock { data in
            var lines: [UInt8] = []
            for profile in data.store.profiles.values.sorted(by: { $0.createdAtMs < $1.createdAtMs }) {
                let user = profile.exportJSON(
                    fields: fields, events: data.store.events[profile.brazeId] ?? [],
                    purchases: data.store.purchases[profile.brazeId] ?? [])
                lines += user.serialized() + [0x0A]
            }
            var archive = StoredZipArchive()
            archive.add(path: "\(prefix)-0.txt", contents: lines)
            data.exports["\(prefix).zip"] = archive.bytes
        }
        let host = request.head.authority ?? "127.0.0.1"
        return Self.success([
            "object_prefix": .string(prefix), "url": .string("http://\(host)/_sandbox/exports/\(prefix).zip"),
        ])
    }

    /// The ZIP of a finished segment export (no auth, like the pre-signed URL Braze hands out).
    func exportDownload(file: String) -> Response {
        guard let bytes = state.data.withLock({ $0.exports[file] }) else {
            return Response.json(["message": "Not Found"], status: .notFound)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
