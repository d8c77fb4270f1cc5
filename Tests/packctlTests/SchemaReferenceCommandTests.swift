import Foundation
import StructuredData
import Testing

/// `packctl schema validate` with schemas spread over files: relative `$ref`s read from beside the schema,
/// `--ref URI=FILE` for any other URI, and no network.
@Suite struct SchemaReferenceCommandTests {
    /// A folder of files, written fresh for one test.
    static func folder(_ files: [String: String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packctl-\(UUID().uuidString)")
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: url)
        }
        return folder.path
    }

    @Test func partsWithoutIDAreReadFromBesideTheSchema() async throws {
        let dir = try Self.folder([
            "order.json": #"""
            {"type": "object", "required": ["ship_to"],
             "properties": {"ship_to": {"$ref": "parts/address.json"}, "tags": {"$ref": "parts/tags.yaml#/$defs/list"}}}
            """#,
            "parts/address.json": #"""
            {"type": "object", "required": ["street"], "properties": {"street": {"$ref": "../common.json#/definitions/text"}}}
            """#,
            "parts/tags.yaml": "$defs:\n  list:\n    type: array\n    items: {enum: [red, blue]}\n",
            "common.json": #"{"definitions": {"text": {"type": "string", "minLength": 1}}}"#,
            "good.json": #"{"ship_to": {"street": "Main"}, "tags": ["red"]}"#,
            "bad.json": #"{"ship_to": {"street": ""}, "tags": ["green"]}"#,
        ])
        let good = try await PackctlRunner.run([
            "schema", "validate", "--schema", dir + "/order.json", dir + "/good.json",
        ])
        #expect(good.status == 0, "\(good.stderr)")
        let bad = try await PackctlRunner.run([
            "schema", "validate", "--schema", dir + "/order.json", dir + "/bad.json",
        ])
        #expect(bad.status == 1, "\(bad.stderr)")
        #expect(bad.stdout.contains("/ship_to/street"))
        #expect(bad.stdout.contains("/tags/0"))
    }

    @Test func aRemoteReferenceNeedsAMappingAndIsNeverFetched() async throws {
        let dir = try Self.folder([
            "payment.json": #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "properties": {"amount": {"$ref": "https://schemas.example.com/money.json"}}}
            """#,
            "vendor/money.json": #"{"type": "object", "required": ["currency"]}"#,
            "bad.json": #"{"amount": {"value": 3}}"#,
        ])
        let unmapped = try await PackctlRunner.run([
            "schema", "validate", "--schema", dir + "/payment.json", dir + "/bad.json",
        ])
        #expect(unmapped.status == 2)
        #expect(unmapped.stderr.contains("https://schemas.example.com/money.json"))
        #expect(unmapped.stderr.contains("--ref"))
        let mapped = try await PackctlRunner.run([
            "schema", "validate", "--schema", dir + "/payment.json",
            "--ref", "https://schemas.example.com/money.json=" + dir + "/vendor/money.json", dir + "/bad.json",
        ])
        #expect(mapped.status == 1, "\(mapped.stderr)")
        #expect(mapped.stdout.contains("missing required property \"currency\""))
        let prefix = try await PackctlRunner.run([
            "schema", "validate", "--schema", dir + "/payment.json",
            "--ref", "https://schemas.example.com/=" + dir + "/vendor/", dir + "/bad.json",
        ])
        #expect(prefix.status == 1, "\(prefix.stderr)")
    }

    @Test func relativeReferencesOfASchemaWithAnIDAreReadFromBesideIt() async throws {
        let dir = try Self.folder([
            "api/user.json": #"""
            {"$id": "https://example.com/api/user.json", "properties": {"email": {"$ref": "email.json"}}}
            """#,
            "api/email.json": #"{"type": "string", "pattern": "@"}"#,
            "bad.json": #"{"email": "nobody"}"#,
        ])
        let output = try await PackctlRunner.run([
            "schema", "validate", "--schema", dir + "/api/user.json", dir + "/bad.json",
        ])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stdout.contains("/email"))
    }

    @Test func draftOptionChoosesTheDraftOfSchemasWithoutSchemaKeyword() async throws {
        // Draft-04's boolean exclusiveMaximum; read as draft-07 the schema does not compile.
        let dir = try Self.folder([
            "s.json": #"{"maximum": 10, "exclusiveMaximum": true}"#,
            "ten.json": "10",
        ])
        let draft4 = try await PackctlRunner.run([
            "schema", "validate", "--draft", "draft-04", "--schema", dir + "/s.json", dir + "/ten.json",
        ])
        #expect(draft4.status == 1, "\(draft4.stderr)")
        let draft7 = try await PackctlRunner.run(["schema", "validate", "--schema", dir + "/s.json", dir + "/ten.json"])
        #expect(draft7.status == 2)
        let unknown = try await PackctlRunner.run([
            "schema", "validate", "--draft", "draft-03", "--schema", dir + "/s.json", dir + "/ten.json",
        ])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--draft"))
    }
}
