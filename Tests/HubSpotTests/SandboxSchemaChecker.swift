import Foundation
import SandboxKit

/// A small JSON-schema subset checker for OpenAPI response schemas: `type`, `required`, `properties`,
/// `additionalProperties`, `items`, `enum`, `oneOf` / `anyOf` / `allOf`, and `$ref` into `#/components/schemas`.
struct SandboxSchemaChecker {
    let document: JSONValue

    /// Problems found validating `value` against `schema` (empty = valid); paths are JSON-pointer-like.
    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        let schema = resolve(schema)
        var found: [String] = []
        if let options = schema["oneOf"]?.arrayValue ?? schema["anyOf"]?.arrayValue, !options.isEmpty {
            if !options.contains(where: { problems(value, $0, at: path).isEmpty }) {
                found.append("\(path): matches no oneOf/anyOf option")
            }
        }
        for part in schema["allOf"]?.arrayValue ?? [] { found += problems(value, part, at: path) }
        if value.isNull {
            return schema["nullable"]?.boolValue == true || schema["type"] == nil ? found : found + ["\(path): null"]
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.isEmpty, !allowed.contains(value) {
            found.append("\(path): \(value.jsonString) not in enum")
        }
        switch schema["type"]?.stringValue {
        case "object"?: found += objectProblems(value, schema, path)
        case "array"?:
            guard let elements = value.arrayValue else { return found + ["\(path): expected array"] }
            if let items = schema["items"] {
                for (index, element) in elements.enumerated() {
                    found += problems(element, items, at: "\(path)[\(index)]")
                }
            }
        case "string"?:
            if value.stringValue == nil { found.append("\(path): expected string, got \(value.jsonString)") }
        case "integer"?: if value.intValue == nil { found.append("\(path): expected integer") }
        case "number"?: if value.doubleValue == nil { found.append("\(path): expected number") }
        case "boolean"?: if value.boolValue == nil { found.append("\(path): expected boolean") }
        default: if schema["properties"] != nil { found += objectProblems(value, schema, path) }
        }
        return found
    }

    private func objectProblems(_ value: JSONValue, _ schema: JSONValue, _ path: String) -> [String] {
        guard let members = value.objectValue else { return ["\(path): expected object"] }
        var found: [String] = []
        for name in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue) where members[name] == nil {
            found.append("\(path): missing required \(name)")
        }
        let declared = schema["properties"]?.objectValue ?? [:]
        for (name, member) in members {
            if let memberSchema = declared[name] {
                found += problems(member, memberSchema, at: "\(path).\(name)")
            } else if let extra = schema["additionalProperties"], extra.objectValue != nil {
                found += problems(member, extra, at: "\(path).\(name)")
            }
        }
        return found
    }

    private func resolve(_ schema: JSONValue) -> JSONValue {
        var current = schema
        var hops = 0
        while let reference = current["$ref"]?.stringValue, hops < 32 {
            let parts = reference.dropFirst(2).split(separator: "/").map(String.init)
            var target: JSONValue? = document
            for part in parts { target = target?[part] }
            current = target ?? [:]
            hops += 1
        }
        return current
    }

    /// The response schema of `method path` with `status` in this document (path templates matched by segment),
    /// or `nil` when the document does not describe it.
    func responseSchema(method: String, path: String, status: Int) -> JSONValue? {
        let segments = path.split(separator: "/")
        let templates = (document["paths"]?.objectValue ?? [:]).sorted {
            ($0.key.filter { $0 == "{" }.count, $0.key) < ($1.key.filter { $0 == "{" }.count, $1.key)
        }
        for (template, operations) in templates {
            let parts = template.split(separator: "/")
            guard parts.count == segments.count,
                zip(parts, segments).allSatisfy({ $0.0.hasPrefix("{") || $0.0 == $0.1 })
            else { continue }
            guard let responses = operations[method.lowercased()]?["responses"] else { continue }
            let response = responses[String(status)] ?? responses["default"]
            return response?["content"]?["application/json"]?["schema"]
        }
        return nil
    }
}
