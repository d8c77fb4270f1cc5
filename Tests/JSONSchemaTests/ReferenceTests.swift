import Foundation
import JSONSchema
import StructuredData
import Testing

/// `$ref` resolution: recursion, the registry, loaders and the built-in meta-schema.
@Suite struct ReferenceTests {
    @Test func recursiveSchemaTerminates() throws {
        let tree = try JSONSchema([
            "type": "object",
            "properties": ["children": ["type": "array", "items": ["$ref": "#"]], "name": ["type": "string"]],
        ])
        var instance: JSONValue = ["name": "leaf"]
        for _ in 0..<100 { instance = ["name": "node", "children": [instance, ["name": "x"]]] }
        #expect(tree.isValid(instance))
        var broken: JSONValue = ["name": 1]
        for _ in 0..<100 { broken = ["children": [broken]] }
        let errors = tree.validate(broken)
        #expect(errors.count == 1)
        #expect(errors.first?.instancePath.hasSuffix("/children/0/name") == true)
    }

    static let loopingSchemas: [JSONValue] = [
        ["$ref": "#"],
        [
            "definitions": ["a": ["$ref": "#/definitions/b"], "b": ["$ref": "#/definitions/a"]],
            "$ref": "#/definitions/a",
        ],
        ["allOf": [["$ref": "#"]]],
    ]

    @Test(arguments: loopingSchemas)
    func referenceLoopWithoutProgressFails(_ schema: JSONValue) throws {
        // Such a schema can never decide; the validator stops and reports the loop instead of recursing.
        let compiled = try JSONSchema(schema)
        #expect(!compiled.isValid(["a": 1]))
        #expect(compiled.validate(["a": 1]).contains { $0.keyword == "$ref" })
    }

    @Test func longReferenceChainsCompile() throws {
        var definitions: [String: JSONValue] = ["d500": ["type": "integer"]]
        for index in 0..<500 { definitions["d\(index)"] = ["$ref": .string("#/definitions/d\(index + 1)")] }
        let schema = try JSONSchema(["definitions": .object(definitions), "$ref": "#/definitions/d0"])
        #expect(schema.isValid(1))
        #expect(!schema.isValid("1"))
    }

    @Test func deepInstancesDoNotExhaustTheStack() throws {
        let schema = try JSONSchema(["items": ["$ref": "#"], "type": ["array", "integer"]])
        var instance: JSONValue = 1
        for _ in 0..<250 { instance = [instance] }
        #expect(schema.isValid(instance))
        var tooDeep: JSONValue = 1
        for _ in 0..<2_000 { tooDeep = [tooDeep] }
        #expect(!schema.isValid(tooDeep))
    }

    @Test func registrySchemasResolveByURIAndByID() throws {
        var registry = SchemaRegistry()
        registry.add(["type": "string", "minLength": 1], uri: "file:///pack/schemas/name.json")
        registry.add(
            ["$id": "https://cordum.io/schemas/tag.json", "enum": ["read", "write"]],
            uri: "file:///pack/schemas/tag.json"
        )
        let schema = try JSONSchema(
            [
                "properties": [
                    "name": ["$ref": "name.json"],
                    "tag": ["$ref": "https://cordum.io/schemas/tag.json"],
                ]
            ],
            baseURI: "file:///pack/schemas/input.json",
            registry: registry
        )
        #expect(schema.isValid(["name": "a", "tag": "read"]))
        let errors = schema.validate(["name": "", "tag": "delete"])
        #expect(errors.map(\.schemaPath) == ["/properties/name/$ref/minLength", "/properties/tag/$ref/enum"])
    }

    @Test func relativeRegistryURIsFollowTheBaseURI() throws {
        var registry = SchemaRegistry()
        registry.add(["type": "integer"], uri: "count.json")
        let schema = try JSONSchema(["items": ["$ref": "count.json"]], registry: registry)
        #expect(schema.isValid([1, 2]))
        #expect(!schema.isValid(["1"]))
    }

    @Test func loaderIsAskedOncePerDocument() throws {
        final class Counting: SchemaLoader, @unchecked Sendable {
            private let lock = NSLock()
            private var requests: [String] = []
            var seen: [String] {
                lock.lock()
                defer { lock.unlock() }
                return requests
            }
            func load(uri: String) throws -> JSONValue {
                lock.lock()
                requests.append(uri)
                lock.unlock()
                return ["definitions": ["a": ["type": "integer"], "b": ["type": "string"]]]
            }
        }
        let loader = Counting()
        let schema = try JSONSchema(
            [
                "properties": [
                    "a": ["$ref": "https://example.com/defs.json#/definitions/a"],
                    "b": ["$ref": "https://example.com/defs.json#/definitions/b"],
                ]
            ],
            loader: loader
        )
        #expect(loader.seen == ["https://example.com/defs.json"])
        #expect(schema.isValid(["a": 1, "b": "x"]))
        #expect(!schema.isValid(["a": "1"]))
        #expect(loader.seen.count == 1)
    }

    @Test func metaSchemaIsBuiltIn() throws {
        let meta = try JSONSchema(["$ref": "http://json-schema.org/draft-07/schema#"])
        #expect(meta.isValid(["type": "object", "properties": ["a": ["minLength": 1]]]))
        #expect(!meta.isValid(["properties": ["a": ["minLength": -1]]]))
        #expect(!meta.isValid(["type": "text"]))
    }

    @Test func compiledSchemasAreSharedAcrossTasks() async throws {
        let schema = try JSONSchema([
            "type": "array",
            "items": ["type": "string", "pattern": "^[a-z]+-[0-9]+$", "format": "hostname"],
        ])
        let results = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var valid = 0
                    for round in 0..<200 {
                        let item: JSONValue = .string((task + round) % 2 == 0 ? "node-\(round)" : "Node-\(round)")
                        if schema.isValid(["web-1", item]) { valid += 1 }
                    }
                    return valid
                }
            }
            var total = 0
            for await count in group { total += count }
            return total
        }
        #expect(results == 800)
    }
}
