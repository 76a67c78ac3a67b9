import Hummingbird
import SandboxKit

/// Collects per-input results and errors of a batch call and renders HubSpot's BatchResponse (200/201 or 207).
///
/// Source: `crm-contacts-v3.openapi.json` BatchResponseSimplePublicObject(WithErrors), StandardError.
struct HubSpotBatchOutcome {
    var results: [JSONValue] = []
    var errors: [JSONValue] = []
    let startedAt: JSONValue

    /// Records a failed input; `context` names it by `ids` (and `objectWriteTraceId` when the input had one).
    mutating func fail(category: String, message: String, id: String?, traceId: String?) {
        var context: [String: [String]] = [:]
        if let id { context["ids"] = [id] }
        if let traceId { context["objectWriteTraceId"] = [traceId] }
        errors.append(HubSpotErrors.standardError(category: category, message: message, context: context))
    }

    /// 207 with `numErrors` / `errors` when anything failed, else `successStatus`.
    func response(successStatus: HTTPResponse.Status, completedAt: JSONValue) -> Response {
        var body: [String: JSONValue] = [
            "status": "COMPLETE", "results": .array(results), "startedAt": startedAt, "completedAt": completedAt,
            "requestedAt": startedAt,
        ]
        guard !errors.isEmpty else { return Response.json(.object(body), status: successStatus) }
        body["numErrors"] = .int(Int64(errors.count))
        body["errors"] = .array(errors)
        return Response.json(.object(body), status: HTTPResponse.Status(code: 207, reasonPhrase: "Multi-Status"))
    }
}
