import JSONSchema
import StructuredData
import Testing

/// Malformed schemas and unresolvable references are reported as ``SchemaError`` with a stable code.
@Suite struct SchemaErrorTests {
    private func compileError(_ schema: JSONValue, loader: (any SchemaLoader)? = nil) -> SchemaError? {
        do {
            _ = try JSONSchema(schema, loader: loader)
            return nil
        } catch {
            return error
        }
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        var schema: JSONValue
        var path: String
        var testDescription: String { path.isEmpty ? "(root)" : path }
    }

    static let malformedCases: [MalformedCase] = [
        MalformedCase(schema: ["type": "text"], path: "/type"),
        MalformedCase(schema: ["type": []], path: "/type"),
        MalformedCase(schema: ["properties": ["a": ["minLength": -1]]], path: "/properties/a/minLength"),
        MalformedCase(schema: ["maxItems": 1.5], path: "/maxItems"),
        MalformedCase(schema: ["multipleOf": 0], path: "/multipleOf"),
        MalformedCase(schema: ["maximum": "10"], path: "/maximum"),
        MalformedCase(schema: ["required": ["a", "a"]], path: "/required/1"),
        MalformedCase(schema: ["required": "a"], path: "/required"),
        MalformedCase(schema: ["allOf": []], path: "/allOf"),
        MalformedCase(schema: ["items": [5]], path: "/items/0"),
        MalformedCase(
            schema: ["definitions": ["unused": ["uniqueItems": "yes"]]],
            path: "/definitions/unused/uniqueItems"
        ),
        MalformedCase(schema: ["$ref": 5], path: "/$ref"),
        MalformedCase(schema: 5, path: ""),
    ]

    @Test(arguments: malformedCases)
    func malformedKeywordIsInvalidSchema(_ malformed: MalformedCase) {
        let error = compileError(malformed.schema)
        #expect(error?.code == .invalidSchema)
        #expect(error?.schemaPath == malformed.path)
    }

    @Test func badPatternIsInvalidPattern() {
        let error = compileError(["properties": ["a": ["pattern": "^(abc"]]])
        #expect(error?.code == .invalidPattern)
        #expect(error?.schemaPath == "/properties/a/pattern")
        let keyError = compileError(["patternProperties": ["[a-": true]])
        #expect(keyError?.code == .invalidPattern)
        #expect(keyError?.schemaPath == "/patternProperties/[a-")
    }

    @Test func lenientPatternsCompile() throws {
        // Identity escapes that only the `u` flag forbids are common in hand-written schemas.
        let schema = try JSONSchema(["pattern": "^[a-z0-9\\-_]+\\-v\\d+$"])
        #expect(schema.isValid("abc-v2"))
        #expect(!schema.isValid("abc-v"))
    }

    @Test func missingDefinitionIsUnresolvableRef() {
        let error = compileError(["properties": ["a": ["$ref": "#/definitions/missing"]]])
        #expect(error?.code == .unresolvableRef)
        #expect(error?.schemaPath == "/properties/a/$ref")
        #expect(
            error?.message.contains("\"#/definitions/missing\"") == true || error?.message.contains("missing") == true
        )
    }

    @Test func missingAnchorIsUnresolvableRef() {
        #expect(compileError(["$ref": "#nowhere"])?.code == .unresolvableRef)
    }

    @Test func remoteRefWithoutLoaderIsUnresolvableRef() {
        let error = compileError(["$ref": "https://example.com/schemas/thing.json"])
        #expect(error?.code == .unresolvableRef)
        #expect(error?.schemaPath == "/$ref")
    }

    @Test func failingLoaderIsRemoteLoadFailed() {
        struct Failing: SchemaLoader {
            struct Offline: Error {}
            func load(uri: String) throws -> JSONValue { throw Offline() }
        }
        let error = compileError(["$ref": "https://example.com/schemas/thing.json"], loader: Failing())
        #expect(error?.code == .remoteLoadFailed)
    }

    @Test func unimplementedDraftsAreRefused() {
        for uri in ["http://json-schema.org/draft-03/schema#", "https://json-schema.org/draft/next/schema"] {
            let error = compileError(["$schema": .string(uri), "type": "string"])
            #expect(error?.code == .unsupportedDraft)
            #expect(error?.schemaPath == "/$schema")
        }
        for draft in JSONSchema.Draft.allCases {
            #expect(compileError(["$schema": .string(draft.metaSchemaURI + "#")]) == nil)
        }
    }

    @Test func aMetaSchemaRequiringAnUnknownVocabularyIsRefused() {
        var registry = SchemaRegistry()
        registry.add(
            [
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$vocabulary": [
                    "https://json-schema.org/draft/2020-12/vocab/core": true,
                    "https://example.com/vocab/units": true,
                ],
            ],
            uri: "https://example.com/meta"
        )
        let error: SchemaError?
        do {
            _ = try JSONSchema(["$schema": "https://example.com/meta"], registry: registry)
            error = nil
        } catch let caught {
            error = caught
        }
        #expect(error?.code == .unsupportedDraft)
        #expect(error?.message.contains("https://example.com/vocab/units") == true)
    }

    @Test func codesHaveStableNames() {
        #expect(SchemaError.Code.invalidSchema.description == "invalidSchema")
        #expect(SchemaError.Code.unresolvableRef.description == "unresolvableRef")
        #expect(SchemaError.Code.unsupportedDraft.description == "unsupportedDraft")
        #expect(SchemaError.Code.remoteLoadFailed.description == "remoteLoadFailed")
        let error = SchemaError(code: .invalidSchema, schemaPath: "/type", message: "bad")
        #expect(error.description == "invalidSchema at /type: bad")
    }

    @Test func deeplyNestedSchemaIsTooDeep() {
        var schema: JSONValue = true
        for _ in 0..<400 { schema = ["not": schema] }
        #expect(compileError(schema)?.code == .tooDeep)
    }
}
