import JSONSchema
import StructuredData
import Testing

/// How `$schema` chooses the draft, and what each draft's own keywords report.
@Suite struct DraftTests {
    static let draft202012: JSONValue = "https://json-schema.org/draft/2020-12/schema"
    static let draft201909: JSONValue = "https://json-schema.org/draft/2019-09/schema"

    @Test func schemaKeywordChoosesTheDraftAndTheDefaultIsDraft07() throws {
        #expect(try JSONSchema(["type": "string"]).draft == .draft7)
        #expect(try JSONSchema(["type": "string"], defaultDraft: .draft4).draft == .draft4)
        for draft in JSONSchema.Draft.allCases {
            let schema = try JSONSchema(["$schema": .string(draft.metaSchemaURI + "#")])
            #expect(schema.draft == draft)
            #expect(JSONSchema.Draft(metaSchemaURI: draft.metaSchemaURI) == draft)
        }
    }

    @Test func unevaluatedPropertiesReportsEachPropertyNoKeywordAccepted() throws {
        let schema = try JSONSchema([
            "$schema": Self.draft202012,
            "allOf": [["properties": ["name": ["type": "string"]]]],
            "anyOf": [["properties": ["age": ["type": "integer"]]], ["required": ["nickname"]]],
            "unevaluatedProperties": false,
        ])
        #expect(schema.isValid(["name": "Ada", "age": 36]))
        let found = schema.validate(["name": "Ada", "age": 36, "email": "a@example.com", "zip": "1"])
        #expect(
            found == [
                ValidationError(
                    instancePath: "/email",
                    schemaPath: "/unevaluatedProperties",
                    keyword: "unevaluatedProperties",
                    message: "property \"email\" is not allowed: no keyword of the schema accepts it"
                ),
                ValidationError(
                    instancePath: "/zip",
                    schemaPath: "/unevaluatedProperties",
                    keyword: "unevaluatedProperties",
                    message: "property \"zip\" is not allowed: no keyword of the schema accepts it"
                ),
            ]
        )
        // A failing branch's properties do not count as evaluated.
        #expect(!schema.isValid(["name": "Ada", "age": "old"]))
    }

    @Test func unevaluatedItemsFollowsPrefixItemsAndContains() throws {
        let schema = try JSONSchema([
            "$schema": Self.draft202012,
            "prefixItems": [["type": "string"]],
            "contains": ["type": "integer"],
            "unevaluatedItems": ["type": "boolean"],
        ])
        #expect(schema.isValid(["a", 1, true, 2]))
        let found = schema.validate(["a", 1, "b"])
        #expect(found.map(\.instancePath) == ["/2"])
        #expect(found.map(\.schemaPath) == ["/unevaluatedItems/type"])
    }

    @Test func dynamicReferenceErrorsPassThroughTheKeyword() throws {
        // A generic list whose items the extending schema chooses through $dynamicAnchor.
        var registry = SchemaRegistry()
        registry.add(
            [
                "$schema": Self.draft202012, "$id": "https://example.com/list",
                "$defs": ["item": ["$dynamicAnchor": "item", "not": true]],
                "type": "array", "items": ["$dynamicRef": "#item"],
            ],
            uri: "https://example.com/list"
        )
        let numbers = try JSONSchema(
            [
                "$schema": Self.draft202012, "$id": "https://example.com/numbers",
                "$ref": "list", "$defs": ["item": ["$dynamicAnchor": "item", "type": "number"]],
            ],
            registry: registry
        )
        #expect(numbers.isValid([1, 2.5]))
        let found = numbers.validate([1, "two"])
        #expect(found.map(\.instancePath) == ["/1"])
        #expect(found.map(\.schemaPath) == ["/$ref/items/$dynamicRef/type"])
    }

    @Test func recursiveReferenceExtendsAThe201909Tree() throws {
        var registry = SchemaRegistry()
        registry.add(
            [
                "$schema": Self.draft201909, "$id": "https://example.com/tree", "$recursiveAnchor": true,
                "type": "object", "properties": ["children": ["type": "array", "items": ["$recursiveRef": "#"]]],
            ],
            uri: "https://example.com/tree"
        )
        let strict = try JSONSchema(
            [
                "$schema": Self.draft201909, "$id": "https://example.com/strict-tree", "$recursiveAnchor": true,
                "$ref": "tree", "unevaluatedProperties": false,
            ],
            registry: registry
        )
        #expect(strict.isValid(["children": [["children": []]]]))
        // The misspelt property is deep inside: only the recursive extension catches it.
        let found = strict.validate(["children": [["childrne": []]]])
        #expect(found.map(\.instancePath) == ["/children/0/childrne"])
    }

    @Test func draft04ExclusiveBoundsAreBooleans() throws {
        let schema = try JSONSchema(["maximum": 10, "exclusiveMaximum": true], defaultDraft: .draft4)
        #expect(schema.isValid(9))
        let found = schema.validate(10)
        #expect(found.map(\.keyword) == ["maximum"])
        #expect(found.map(\.message) == ["10 is not less than the exclusive maximum 10"])
        #expect(throws: SchemaError.self) { try JSONSchema(["maximum": 10, "exclusiveMaximum": true]) }
    }

    @Test func draft04UsesIDAndIgnoresRefSiblings() throws {
        let schema = try JSONSchema(
            [
                "$schema": "http://json-schema.org/draft-04/schema#",
                "definitions": ["positive": ["id": "#positive", "minimum": 0]],
                "properties": ["n": ["$ref": "#positive", "type": "string"]],
            ]
        )
        #expect(schema.isValid(["n": 3]))
        #expect(!schema.isValid(["n": -1]))
    }

    @Test func refSiblingsApplyFrom201909() throws {
        let schema = try JSONSchema([
            "$schema": Self.draft201909,
            "$defs": ["number": ["type": "number"]],
            "$ref": "#/$defs/number", "maximum": 5,
        ])
        #expect(schema.isValid(4))
        #expect(schema.validate(6).map(\.schemaPath) == ["/maximum"])
        #expect(schema.validate("x").map(\.schemaPath) == ["/$ref/type"])
    }

    @Test func formatsAnnotateIn2020UnlessAsked() throws {
        let schema: JSONValue = ["$schema": Self.draft202012, "format": "date"]
        #expect(try JSONSchema(schema).isValid("not a date"))
        #expect(try !JSONSchema(schema, assertFormats: true).isValid("not a date"))
        #expect(try !JSONSchema(["format": "date"]).isValid("not a date"))
        #expect(try JSONSchema(["format": "date"], assertFormats: false).isValid("not a date"))
    }

    @Test func containsBoundsHaveTheirOwnKeywords() throws {
        let schema = try JSONSchema([
            "$schema": Self.draft202012, "contains": ["type": "integer"], "minContains": 2, "maxContains": 3,
        ])
        #expect(schema.isValid([1, 2, "x"]))
        #expect(schema.validate([1, "x"]).map(\.keyword) == ["minContains"])
        #expect(schema.validate([1, 2, 3, 4]).map(\.keyword) == ["maxContains"])
    }

    @Test func dependentRequiredNamesTheMissingProperty() throws {
        let schema = try JSONSchema([
            "$schema": Self.draft202012, "dependentRequired": ["card": ["billing_address"]],
        ])
        let found = schema.validate(["card": "4111"])
        #expect(found.map(\.keyword) == ["dependentRequired"])
        #expect(found.map(\.schemaPath) == ["/dependentRequired/card"])
        #expect(found.map(\.message) == ["property \"billing_address\" is required when \"card\" is present"])
    }

    @Test func theMetaSchemasAreBuiltIn() throws {
        let meta = try JSONSchema(["$ref": Self.draft202012])
        #expect(meta.isValid(["type": "string", "$defs": ["a": ["minLength": 1]]]))
        #expect(!meta.isValid(["$defs": ["a": ["minLength": -1]]]))
        let draft4 = try JSONSchema(["$ref": "http://json-schema.org/draft-04/schema#"])
        #expect(!draft4.isValid(["exclusiveMaximum": 3]))
    }

    @Test func aCustomMetaSchemaChoosesTheVocabularies() throws {
        // A 2020-12 dialect without the validation vocabulary: `minimum` is only an annotation.
        var registry = SchemaRegistry()
        registry.add(
            [
                "$schema": Self.draft202012,
                "$vocabulary": [
                    "https://json-schema.org/draft/2020-12/vocab/core": true,
                    "https://json-schema.org/draft/2020-12/vocab/applicator": true,
                    "https://example.com/vocab/docs": false,
                ],
            ],
            uri: "https://example.com/meta/no-validation"
        )
        let schema = try JSONSchema(
            [
                "$schema": "https://example.com/meta/no-validation",
                "properties": ["count": ["minimum": 10], "secret": false],
            ],
            registry: registry
        )
        #expect(schema.draft == .draft202012)
        #expect(schema.isValid(["count": 1]))
        #expect(schema.validate(["secret": 1]).map(\.keyword) == ["false"])
    }

    @Test func anUnknownMetaSchemaLeavesTheDefaultDraft() throws {
        let schema = try JSONSchema(["$schema": "https://example.com/unpublished-meta", "maximum": 3])
        #expect(schema.draft == .draft7)
        #expect(!schema.isValid(4))
    }
}
