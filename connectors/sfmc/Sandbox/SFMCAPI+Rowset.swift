import Hummingbird
import SandboxKit

extension SFMCAPI {
    /// `POST /hub/v1/dataevents/key:{key}/rowset`: upserts rows `[{"keys": {...}, "values": {...}}]` into the Data
    /// Extension `key` (any key is accepted; a row is identified by its `keys`). Answers 200 with the rows echoed.
    /// Source: sfmc.md §7 [verify]; error bodies from error-handling (10002 missing field, 10004 bad JSON).
    func rowset(_ request: Request, key: String) async throws -> Response {
        var request = request
        switch tokenState(request.bearerToken) {
        case .valid: break
        case .expired, .unknown: return SFMCRestErrors.notAuthorized()
        }
        guard let body = try await request.sandboxJSONBody(), let rows = body.arrayValue else {
            return SFMCRestErrors.badRequest("Unable to parse the request body as a JSON array of rows.", code: 10004)
        }
        var parsed: [([String: JSONValue], [String: JSONValue])] = []
        for row in rows {
            guard let keys = row["keys"]?.objectValue, !keys.isEmpty else {
                return SFMCRestErrors.badRequest("Each row requires a non-empty keys object.", code: 10002)
            }
            parsed.append((keys, row["values"]?.objectValue ?? [:]))
        }
        for (keys, values) in parsed {
            let rowKey = JSONValue.object(keys).serializedString
            var merged: [String: String] = [:]
            for (name, value) in keys.merging(values, uniquingKeysWith: { a, _ in a }) {
                merged[name] = value.stringValue ?? value.serializedString
            }
            state.data.withLock { $0.dataExtensionRows[key, default: [:]][rowKey] = merged }
            logWrite(request, objectKey: "de:\(key):\(rowKey)", idempotencyKey: keys.values.compactMap(\.stringValue).sorted().joined(separator: "|"),
                     effect: .object(keys.merging(values, uniquingKeysWith: { a, _ in a })))
        }
        return Response.json(body)
    }
}

extension JSONValue {
    var serializedString: String { String(decoding: serialized(), as: UTF8.self) }
}
