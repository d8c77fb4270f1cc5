import Foundation
import JSONSchema
import StructuredData

/// The benchmark workload, shared with `Benchmarks/jsonschema_python.py`: a pack-sized schema (the github pack's
/// `IssuesCreateInput`, draft-07, and a 2020-12 variant that closes the object with `unevaluatedProperties`)
/// and a large vendor schema (the MCP 2025-11-25 schema, 2020-12, 145 definitions, 174 KB), each with an
/// instance from `Benchmarks/JSONSchemaWorkload/`.
enum Workload {
    struct Case {
        var name: String
        var schema: JSONValue
        var instance: JSONValue
    }

    /// `Benchmarks/`, found from this file's path.
    static let benchmarksFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func load(_ path: String) throws -> JSONValue {
        let url = benchmarksFolder.appendingPathComponent(path)
        return try JSONParser.parse([UInt8](Data(contentsOf: url)), file: url.lastPathComponent).value
    }

    /// The MCP schema with a root `$ref` to one of its definitions (2020-12 allows `$ref` beside `$defs`).
    static func mcp(_ definition: String) throws -> JSONValue {
        guard case .object(var members) = try load("../../shared/vendor-specs/mcp/schema-2025-11-25.json") else {
            return false
        }
        members["$ref"] = .string("#/$defs/" + definition)
        return .object(members)
    }

    static func cases() throws -> [Case] {
        let create = try load("JSONSchemaWorkload/issues-create.instance.json")
        return [
            Case(
                name: "pack input, draft-07",
                schema: try load("../packs/github/pack/schemas/IssuesCreateInput.json"),
                instance: create
            ),
            Case(
                name: "pack input, 2020-12",
                schema: try load("JSONSchemaWorkload/issues-create-2020-12.schema.json"),
                instance: create
            ),
            Case(
                name: "MCP ListToolsResult, 25 tools",
                schema: try mcp("ListToolsResult"),
                instance: try load("JSONSchemaWorkload/mcp-tools-list.instance.json")
            ),
            Case(
                name: "MCP ClientRequest, tools/call",
                schema: try mcp("ClientRequest"),
                instance: try load("JSONSchemaWorkload/mcp-call-tool.instance.json")
            ),
        ]
    }
}
