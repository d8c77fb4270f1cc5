import StructuredData

/// The output schema of an action: WorkerKit's normalized envelope (action, profile, status, request id, duration,
/// dry-run plan, result or items, objects, artifacts, cached) with the result described by the table's fields; or,
/// for a pack whose worker answers with the result itself, an object of exactly those fields.
enum OutputSchema {
    static let draft = "http://json-schema.org/draft-07/schema#"

    static func make(_ action: TopicsTable.Action, table: TopicsTable, packID: String) -> JSONValue {
        let name = "\(action.schemaName)Output"
        var description = "The result of \(action.topic)"
        if let call = action.call { description += " (\(call.text))" }
        description += "."
        if !action.summary.isEmpty { description += " " + action.summary }
        var schema: [String: JSONValue] = [
            "$schema": .string(draft),
            "$id": .string("\(packID)/\(name)"),
            "$comment": .string(AssetGenerator.notice),
            "title": .string(name),
            "description": .string(description),
            "type": "object",
        ]
        guard table.envelope else {
            schema["properties"] = .object(properties(action.result))
            let required = action.result.filter(\.required).map { JSONValue.string($0.name) }
            if !required.isEmpty { schema["required"] = .array(required) }
            schema["additionalProperties"] = false
            return .object(schema)
        }
        var envelope = properties(table.extras).merging(properties(action.extras)) { _, action in action }
        envelope["action"] = ["const": .string(action.action), "description": "The action that ran."]
        envelope["profile"] = text("The worker profile (account or instance) that served the job.")
        envelope["status_code"] = ["type": "integer", "description": "The vendor's last HTTP status."]
        envelope["request_id"] = text("The vendor's request id (empty when it sent none).")
        envelope["duration_ms"] = ["type": "integer", "minimum": 0, "description": "How long the job took."]
        envelope["cached"] = [
            "type": "boolean", "description": "true when the answer came from the worker's ETag cache.",
        ]
        envelope["artifacts"] = artifacts
        if action.writes {
            envelope["dry_run"] = [
                "type": "boolean", "description": "true when nothing was sent: plan is the request.",
            ]
            envelope["plan"] = plan
            envelope["objects"] = objects
        }
        if let items = action.items {
            envelope["items"] = [
                "type": "array",
                "description": "Every item of every page read (the first ones when the rest went to an artifact).",
                "items": object(items),
            ]
            envelope["pages"] = ["type": "integer", "minimum": 0, "description": "How many pages were read."]
            envelope["truncated"] = ["type": "boolean", "description": "true when pages remained after the limit."]
            envelope["result"] = ["description": "The vendor's answer of the last page."]
        } else {
            var result = action.result.isEmpty ? [:] : object(action.result).objectValue ?? [:]
            result["description"] = .string(
                action.writes
                    ? "The vendor's answer (a small object naming what was deleted for an answer without a body; "
                        + "absent in a dry run)."
                    : "The vendor's answer (absent when it moved to an artifact)."
            )
            envelope["result"] = .object(result)
        }
        schema["properties"] = .object(envelope)
        schema["required"] = ["action"]
        return .object(schema)
    }

    private static func text(_ description: String) -> JSONValue {
        ["type": "string", "description": .string(description)]
    }

    /// An object whose properties are `fields` (more properties are allowed: vendors add fields).
    private static func object(_ fields: [TopicsTable.ResultField]) -> JSONValue {
        var object: [String: JSONValue] = ["type": "object"]
        if !fields.isEmpty { object["properties"] = .object(properties(fields)) }
        let required = fields.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { object["required"] = .array(required) }
        return .object(object)
    }

    private static func properties(_ fields: [TopicsTable.ResultField]) -> [String: JSONValue] {
        var properties: [String: JSONValue] = [:]
        for field in fields { properties[field.name] = schema(field) }
        return properties
    }

    private static func schema(_ field: TopicsTable.ResultField) -> JSONValue {
        var schema: [String: JSONValue]
        switch field.type {
        case "object": schema = object(field.fields).objectValue ?? [:]
        case "array":
            schema = ["type": "array"]
            if !field.fields.isEmpty {
                schema["items"] = object(field.fields)
            } else if let item = field.itemType, item != "any" {
                schema["items"] = ["type": .string(item)]
            }
        case "any": schema = [:]
        default: schema = ["type": .string(field.type)]
        }
        if field.nullable, let type = schema["type"] { schema["type"] = [type, "null"] }
        if let format = field.format { schema["format"] = .string(format) }
        if !field.enumValues.isEmpty {
            schema["enum"] = .array(field.enumValues.map(JSONValue.string) + (field.nullable ? [.null] : []))
        }
        if let description = field.description { schema["description"] = .string(description) }
        return .object(schema)
    }

    private static let plan: JSONValue = [
        "type": "object",
        "description": "The exact request the worker would send; headers and auth never hold a credential.",
        "required": ["method", "url"],
        "properties": [
            "method": ["type": "string"],
            "url": ["type": "string"],
            "headers": ["type": "object", "additionalProperties": ["type": "string"]],
            "body": [:],
            "auth": ["type": "string", "description": "The kind of credential the request would carry."],
        ],
    ]

    private static let objects: JSONValue = [
        "type": "array",
        "description": "The objects the write created, changed or deleted.",
        "items": [
            "type": "object",
            "required": ["kind", "id", "change"],
            "properties": [
                "kind": ["type": "string"],
                "id": ["type": ["string", "integer"]],
                "url": ["type": "string"],
                "change": ["enum": ["created", "updated", "deleted"]],
            ],
        ],
    ]

    private static let artifacts: JSONValue = [
        "type": "array",
        "description": "Answers too large for the result, moved to artifacts (the field keeps what fits).",
        "items": [
            "type": "object",
            "required": ["pointer", "bytes", "field"],
            "properties": [
                "pointer": ["type": "string"],
                "bytes": ["type": "integer", "minimum": 0],
                "field": ["type": "string"],
                "media_type": ["type": "string"],
            ],
        ],
    ]
}
