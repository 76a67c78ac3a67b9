import Foundation
import Hummingbird
import SandboxKit

/// `POST /users/export/ids` and `POST /users/export/segment`.
///
/// Source: Postman "Export User Profile by Identifier" / "by Segment"; braze.md §7. Up to 50 `external_ids` and
/// `user_aliases` together; or one of `braze_id`, `email_address`, `phone` (every profile holding the address
/// is returned). `created_at` is printed like `2020-07-10 15:00:00.000 UTC`. Segment exports: docs
/// `post_users_segment` (`{"message","object_prefix","url"}`; a ZIP of `.txt` files, one JSON user per line).
extension BrazeAPI {
    func registerExport(on router: Router<BasicRequestContext>) {
        router.post("/users/export/ids") { request, _ in try await exportIds(request) }
        router.post("/users/export/segment") { request, _ in try await exportSegment(request) }
        router.get("/_sandbox/exports/{file}") { _, context in
            try exportDownload(file: context.parameters.get("file") ?? "")
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

    /// Records the export and answers at once with `object_prefix` and the URL the ZIP will be at; the file appears
    /// there after `BrazeSegmentExportTiming.notReadyPolls` download polls. Any `segment_id` selects every profile
    /// (the emulator has no segment filters). Only `output_format: "zip"` (the default) is emulated.
    private func exportSegment(_ request: Request) async throws -> Response {
        let body = try await jsonObject(request)
        guard let segment = body["segment_id"]?.stringValue, !segment.isEmpty else {
            throw Self.fatal("segment_id is required")
        }
        guard let fieldList = body["fields_to_export"]?.arrayValue, !fieldList.isEmpty else {
            throw Self.fatal("fields_to_export is required")
        }
        if let format = body["output_format"]?.stringValue, format != "zip" {
            throw Self.fatal("output_format \(format) is not emulated (zip only)")
        }
        let fields = Set(fieldList.compactMap(\.stringValue))
        let prefix = "\(UUID().uuidString.lowercased())-\(state.clock.nowMilliseconds() / 1000)"
        state.data.withLock { data in
            // Sort (created_at, braze_id) pairs, not the profiles: no copy of the workspace.
            var keyed = data.store.profiles.map { (createdAtMs: $0.value.createdAtMs, brazeId: $0.key) }
            keyed.sort { ($0.createdAtMs, $0.brazeId) < ($1.createdAtMs, $1.brazeId) }
            let ids = keyed.map(\.brazeId)
            data.exports["\(prefix).zip"] = BrazeSegmentExport(
                objectPrefix: prefix, brazeIds: ids, fields: fields, notReadyPolls: data.exportTiming.notReadyPolls,
                usersPerFile: data.exportTiming.usersPerFile)
        }
        let host = request.head.authority ?? "127.0.0.1"
        return Self.success([
            "object_prefix": .string(prefix), "url": .string("http://\(host)/_sandbox/exports/\(prefix).zip"),
        ])
    }

    /// The ZIP of a segment export (no auth, like the pre-signed URL Braze hands out). Before the export is done
    /// the URL answers like S3 for an object not yet written: `404 NoSuchKey` on the first poll, then alternately
    /// `403 AccessDenied` and `404`.
    func exportDownload(file: String) throws -> Response {
        enum Lookup { case missing, notReady(Int), ready(Data), build(BrazeSegmentExport) }
        let lookup: Lookup = state.data.withLock { data in
            guard var export = data.exports[file] else { return .missing }
            if export.notReadyPolls > 0 {
                export.notReadyPolls -= 1
                data.exports[file] = export
                return .notReady(export.notReadyPolls)
            }
            return export.zip.map(Lookup.ready) ?? .build(export)
        }
        let zip: Data
        switch lookup {
        case .missing:
            return Self.s3Error("NoSuchKey", "The specified key does not exist.", status: .notFound)
        case .notReady(let left):
            return left % 2 == 1
                ? Self.s3Error("NoSuchKey", "The specified key does not exist.", status: .notFound)
                : Self.s3Error("AccessDenied", "Access Denied", status: .forbidden)
        case .ready(let built):
            zip = built
        case .build(let export):
            zip = try state.buildArchive(of: export)
            state.data.withLock { $0.exports[file]?.zip = zip }
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: zip)))
    }

    /// An S3-style XML error, as the storage behind Braze's download URLs answers.
    static func s3Error(_ code: String, _ message: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/xml"
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code><Message>\(message)</Message></Error>"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: xml)))
    }
}
