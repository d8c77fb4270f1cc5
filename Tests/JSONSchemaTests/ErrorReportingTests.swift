import JSONSchema
import StructuredData
import Testing

/// Where errors point (instance and schema pointers) and what their messages say.
@Suite struct ErrorReportingTests {
    private func errors(_ schema: JSONValue, _ instance: JSONValue) throws -> [ValidationError] {
        try JSONSchema(schema).validate(instance)
    }

    @Test func typeErrorPointsAtPropertyAndKeyword() throws {
        let found = try errors(["properties": ["a": ["type": "integer"]]], ["a": "x"])
        #expect(
            found == [
                ValidationError(
                    instancePath: "/a",
                    schemaPath: "/properties/a/type",
                    keyword: "type",
                    message: "expected integer, got string"
                )
            ]
        )
    }

    @Test func integerTypeAcceptsWholeDoubles() throws {
        let schema = try JSONSchema(["type": "integer"])
        #expect(schema.isValid(1.0))
        #expect(!schema.isValid(1.5))
        #expect(schema.validate(1.5).map(\.message) == ["expected integer, got number"])
    }

    @Test func missingRequiredPropertyIsNamed() throws {
        let found = try errors(["required": ["name", "version"]], ["name": "x"])
        #expect(found.count == 1)
        #expect(found.first?.instancePath == "")
        #expect(found.first?.schemaPath == "/required")
        #expect(found.first?.keyword == "required")
        #expect(found.first?.message == "missing required property \"version\"")
    }

    @Test func additionalPropertyIsReportedAtTheProperty() throws {
        let found = try errors(["properties": ["a": true], "additionalProperties": false], ["a": 1, "extra": 2])
        #expect(found.map(\.instancePath) == ["/extra"])
        #expect(found.map(\.schemaPath) == ["/additionalProperties"])
        #expect(found.first?.message == "property \"extra\" is not allowed")
    }

    @Test func schemaPathFollowsReferences() throws {
        let schema: JSONValue = [
            "definitions": ["port": ["type": "integer", "maximum": 65535]],
            "properties": ["listen": ["$ref": "#/definitions/port"]],
        ]
        let found = try errors(schema, ["listen": 70000])
        #expect(found.map(\.schemaPath) == ["/properties/listen/$ref/maximum"])
        #expect(found.first?.message == "70000 is greater than the maximum 65535")
    }

    @Test func arrayItemsUseIndices() throws {
        let found = try errors(["items": [["type": "string"], ["type": "integer"]]], ["a", "b"])
        #expect(found.map(\.instancePath) == ["/1"])
        #expect(found.map(\.schemaPath) == ["/items/1/type"])
        let listFound = try errors(["items": ["minimum": 0]], [1, -1, -2])
        #expect(listFound.map(\.instancePath) == ["/1", "/2"])
        #expect(listFound.map(\.schemaPath) == ["/items/minimum", "/items/minimum"])
    }

    @Test func pointerTokensAreEscaped() throws {
        let found = try errors(["properties": ["a/b": ["properties": ["c~d": false]]]], ["a/b": ["c~d": 1]])
        #expect(found.map(\.instancePath) == ["/a~1b/c~0d"])
        #expect(found.map(\.schemaPath) == ["/properties/a~1b/properties/c~0d"])
        #expect(found.map(\.keyword) == ["false"])
    }

    @Test func errorsComeOutInAStableOrder() throws {
        let schema = try JSONSchema([
            "type": "object",
            "required": ["z", "a"],
            "additionalProperties": ["type": "string"],
        ])
        let instance: JSONValue = ["q": 1, "b": 2, "m": 3, "c": 4]
        let first = schema.validate(instance)
        #expect(first.map(\.instancePath) == ["", "", "/b", "/c", "/m", "/q"])
        for _ in 0..<5 { #expect(schema.validate(instance) == first) }
    }

    @Test func messagesQuoteValuesAndNameNoSwiftTypes() throws {
        let schema = try JSONSchema([
            "properties": [
                "mode": ["enum": ["read", "write"]],
                "id": ["pattern": "^[a-z]+$"],
                "when": ["format": "date-time"],
                "name": ["minLength": 3],
                "tags": ["uniqueItems": true, "maxItems": 2],
                "kind": ["const": "pack"],
                "deps": ["dependencies": ["a": ["b"]]],
                "size": ["multipleOf": 4],
                "choice": ["oneOf": [["type": "integer"], ["minimum": 0]]],
            ]
        ])
        let found = schema.validate([
            "mode": "delete", "id": "A1", "when": "yesterday", "name": "ab", "tags": ["x", "y", "x"],
            "kind": "policy", "deps": ["a": 1], "size": 6, "choice": 3,
        ])
        let messages = Dictionary(found.map { ($0.instancePath, $0.message) }, uniquingKeysWith: { $0 + " | " + $1 })
        #expect(messages["/mode"] == "\"delete\" is not one of \"read\" or \"write\"")
        #expect(messages["/id"] == "\"A1\" does not match the pattern \"^[a-z]+$\"")
        #expect(messages["/when"] == "\"yesterday\" is not a valid date-time")
        #expect(messages["/name"] == "string has 2 characters, fewer than the minimum 3")
        #expect(
            messages["/tags"]
                == "array has 3 items, more than the maximum 2"
                + " | array items 0 and 2 are equal, but items must be unique"
        )
        #expect(messages["/kind"] == "\"policy\" is not the required value \"pack\"")
        #expect(messages["/deps"] == "property \"b\" is required when \"a\" is present")
        #expect(messages["/size"] == "6 is not a multiple of 4")
        #expect(messages["/choice"] == "3 matches 2 schemas in \"oneOf\" (0, 1), but must match exactly one")
        for error in found {
            #expect(!error.message.contains("JSONValue"))
            #expect(!error.message.contains("Optional"))
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func propertyNameFailuresGiveTheReason() throws {
        let found = try errors(["propertyNames": ["pattern": "^[a-z]+$"]], ["ok": 1, "Bad": 2])
        #expect(found.count == 1)
        #expect(found.first?.instancePath == "/Bad")
        #expect(found.first?.keyword == "propertyNames")
        #expect(
            found.first?.message
                == "property name \"Bad\" is not allowed: \"Bad\" does not match the pattern \"^[a-z]+$\""
        )
    }

    @Test func lengthsCountCodePoints() throws {
        let schema = try JSONSchema(["maxLength": 2])
        #expect(schema.isValid("💩💩"))
        #expect(!schema.isValid("e\u{301}e"))
    }

    @Test func descriptionShowsPathAndMessage() {
        let error = ValidationError(instancePath: "", schemaPath: "/type", keyword: "type", message: "expected object")
        #expect(error.description == "(root): expected object")
    }
}
