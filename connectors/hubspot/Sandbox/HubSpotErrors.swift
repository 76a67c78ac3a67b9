import Foundation
import Hummingbird
import SandboxKit

/// HubSpot's error envelope `{status:"error", message, correlationId, category, ...}` (spec schema `Error`).
enum HubSpotErrors {
    static func correlationId() -> String { UUID().uuidString.lowercased() }

    static func body(
        message: String, category: String, subCategory: String? = nil,
        context: [String: [String]] = [:], errors: [JSONValue] = []
    ) -> JSONValue {
        var object: [String: JSONValue] = [
            "status": "error", "message": .string(message), "correlationId": .string(correlationId()),
            "category": .string(category),
        ]
        if let subCategory { object["subCategory"] = .string(subCategory) }
        if !context.isEmpty { object["context"] = .object(context.mapValues { .array($0.map(JSONValue.string)) }) }
        if !errors.isEmpty { object["errors"] = .array(errors) }
        return .object(object)
    }

    static func error(
        _ status: HTTPResponse.Status, _ message: String, category: String,
        context: [String: [String]] = [:], errors: [JSONValue] = []
    ) -> SandboxHTTPError {
        SandboxHTTPError(
            status: status, body: body(message: message, category: category, context: context, errors: errors))
    }

    static func validation(_ message: String, errors: [JSONValue] = []) -> SandboxHTTPError {
        error(.badRequest, message, category: "VALIDATION_ERROR", errors: errors)
    }

    static func notFound(_ message: String = "resource not found") -> SandboxHTTPError {
        error(.notFound, message, category: "OBJECT_NOT_FOUND")
    }

    static let invalidJSON = validation("Invalid input JSON on line 1, column 1: Cannot build request body")

    /// The 400 for a refused property write, with HubSpot's per-property detail.
    static func propertyProblem(_ problem: HubSpotWriteProblem) -> SandboxHTTPError {
        let detail: JSONValue = [
            "message": .string(problem.message), "code": .string(problem.code),
            "context": ["propertyName": [.string(Self.propertyName(of: problem))]],
        ]
        return validation("Property values were not valid: \(problem.message)", errors: [detail])
    }

    static func propertyName(of problem: HubSpotWriteProblem) -> String {
        switch problem {
        case .unknownProperty(let name), .readOnly(let name): name
        case .invalidEmail: "email"
        case .invalidOption(let name, _): name
        }
    }

    /// A StandardError item of a 207 batch response, naming the failed input in `context`.
    static func standardError(
        status: String = "error", category: String, message: String,
        context: [String: [String]]
    ) -> JSONValue {
        [
            "status": .string(status), "category": .string(category), "message": .string(message),
            "context": .object(context.mapValues { .array($0.map(JSONValue.string)) }),
            "errors": [], "links": [:],
        ]
    }

    /// Maps a store failure to HubSpot's response.
    static func from(_ thrown: any Error) -> SandboxHTTPError {
        if let known = thrown as? SandboxHTTPError { return known }
        guard let failure = thrown as? HubSpotStoreError else { return validation("\(thrown)") }
        return switch failure {
        case .notFound: notFound()
        case .conflict(let existing):
            error(.conflict, "Contact already exists. Existing ID: \(existing)", category: "CONFLICT")
        case .invalid(let problem): propertyProblem(problem)
        case .badMerge(let message): validation(message)
        }
    }

    /// 401 for a missing, unknown or expired token.
    static func unauthorized(expiredMinutesAgo: Int64? = nil) -> SandboxHTTPError {
        if let minutes = expiredMinutesAgo {
            return error(
                .unauthorized, "The OAuth token used to make this call expired \(minutes) minute(s) ago.",
                category: "EXPIRED_AUTHENTICATION")
        }
        return error(
            .unauthorized,
            "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
            category: "INVALID_AUTHENTICATION")
    }
}
