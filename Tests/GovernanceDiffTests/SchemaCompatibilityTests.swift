import Foundation
import GovernanceDiff
import StructuredData
import Testing

/// Breaking and compatible schema changes, in each direction.
@Suite struct SchemaCompatibilityTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let old: String
        let new: String
        let direction: SchemaDirection
        let reasons: [SchemaBreak.Reason]
        var testDescription: String { "\(direction.rawValue): \(name)" }

        init(
            _ name: String,
            _ old: String,
            _ new: String,
            _ direction: SchemaDirection,
            _ reasons: [SchemaBreak.Reason]
        ) {
            self.name = name
            self.old = old
            self.new = new
            self.direction = direction
            self.reasons = reasons
        }
    }

    static let person =
        #"{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"#
        + #""lang":{"type":"string","enum":["en","fr"]}}}"#

    static let cases: [Case] = [
        Case(
            "property removed",
            person,
            #"{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}"#,
            .input,
            [.propertyRemoved]
        ),
        Case(
            "property newly required",
            person,
            person.replacingOccurrences(of: #""required":["name"]"#, with: #""required":["name","lang"]"#),
            .input,
            [.propertyNewlyRequired]
        ),
        Case(
            "type changed",
            person,
            person.replacingOccurrences(of: #""name":{"type":"string"}"#, with: #""name":{"type":"integer"}"#),
            .input,
            [.typeChanged]
        ),
        Case(
            "type narrowed",
            #"{"type":["string","null"]}"#,
            #"{"type":"string"}"#,
            .input,
            [.typeChanged]
        ),
        Case("number narrowed to integer", #"{"type":"number"}"#, #"{"type":"integer"}"#, .input, [.typeChanged]),
        Case(
            "enum narrowed",
            person,
            person.replacingOccurrences(of: #"["en","fr"]"#, with: #"["en"]"#),
            .input,
            [
                .enumNarrowed
            ]
        ),
        Case("const added", #"{"type":"string"}"#, #"{"type":"string","const":"x"}"#, .input, [.enumNarrowed]),
        Case(
            "additionalProperties closed",
            person,
            String(person.dropLast()) + #","additionalProperties":false}"#,
            .input,
            [.additionalPropertiesClosed]
        ),
        Case(
            "additionalProperties given a schema",
            #"{"type":"object","additionalProperties":true}"#,
            #"{"type":"object","additionalProperties":{"type":"string"}}"#,
            .input,
            [.additionalPropertiesClosed]
        ),
        Case(
            "bounds tightened",
            #"{"type":"string","minLength":1,"maxLength":100}"#,
            #"{"type":"string","minLength":2,"maxLength":50}"#,
            .input,
            [.boundTightened, .boundTightened]
        ),
        Case("minimum added", #"{"type":"integer"}"#, #"{"type":"integer","minimum":0}"#, .input, [.boundTightened]),
        Case("pattern added", #"{"type":"string"}"#, #"{"type":"string","pattern":"^a"}"#, .input, [.patternChanged]),
        Case(
            "nested property removed",
            #"{"properties":{"a":{"type":"object","properties":{"b":{},"c":{}}}}}"#,
            #"{"properties":{"a":{"type":"object","properties":{"b":{}}}}}"#,
            .input,
            [.propertyRemoved]
        ),
        Case(
            "items type changed",
            #"{"type":"array","items":{"type":"string"}}"#,
            #"{"type":"array","items":{"type":"integer"}}"#,
            .input,
            [.typeChanged]
        ),
        Case(
            "enum narrowed inside items",
            #"{"type":"array","items":{"enum":["a","b"]}}"#,
            #"{"type":"array","items":{"enum":["a"]}}"#,
            .input,
            [.enumNarrowed]
        ),
        Case(
            "a local $ref followed",
            ##"{"definitions":{"n":{"type":"string"}},"properties":{"x":{"$ref":"#/definitions/n"}}}"##,
            ##"{"definitions":{"n":{"type":"integer"}},"properties":{"x":{"$ref":"#/definitions/n"}}}"##,
            .input,
            [.typeChanged]
        ),
        Case(
            "anyOf changed",
            #"{"anyOf":[{"type":"string"}]}"#,
            #"{"anyOf":[{"type":"integer"}]}"#,
            .input,
            [
                .compositionChanged
            ]
        ),
        Case("schema now false", #"{"type":"string"}"#, "false", .input, [.typeChanged]),
        // Compatible input changes.
        Case(
            "new optional property",
            person,
            person.replacingOccurrences(
                of: #""name":{"type":"string"},"#,
                with: #""name":{"type":"string"},"nick":{"type":"string"},"#
            ),
            .input,
            []
        ),
        Case(
            "enum widened",
            person,
            person.replacingOccurrences(of: #"["en","fr"]"#, with: #"["en","fr","de"]"#),
            .input,
            []
        ),
        Case(
            "description changed",
            #"{"type":"string","description":"old"}"#,
            #"{"type":"string","description":"new","title":"T","default":"x"}"#,
            .input,
            []
        ),
        Case("type widened", #"{"type":"integer"}"#, #"{"type":["integer","string"]}"#, .input, []),
        Case("integer widened to number", #"{"type":"integer"}"#, #"{"type":"number"}"#, .input, []),
        Case("required dropped", person, person.replacingOccurrences(of: #"["name"]"#, with: "[]"), .input, []),
        Case(
            "bounds loosened",
            #"{"type":"string","minLength":2,"maxLength":50}"#,
            #"{"type":"string","minLength":1,"maxLength":100}"#,
            .input,
            []
        ),
        Case(
            "additionalProperties opened",
            #"{"type":"object","additionalProperties":false}"#,
            #"{"type":"object"}"#,
            .input,
            []
        ),
        // Output: what consumers rely on.
        Case(
            "output property removed",
            person,
            #"{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}"#,
            .output,
            [.propertyRemoved]
        ),
        Case(
            "output property no longer required",
            person,
            person.replacingOccurrences(of: #"["name"]"#, with: "[]"),
            .output,
            [.propertyNoLongerRequired]
        ),
        Case(
            "output enum widened",
            person,
            person.replacingOccurrences(of: #"["en","fr"]"#, with: #"["en","fr","de"]"#),
            .output,
            [
                .enumWidened
            ]
        ),
        Case("output type widened", #"{"type":"string"}"#, #"{"type":["string","null"]}"#, .output, [.typeChanged]),
        Case("output type narrowed", #"{"type":["string","null"]}"#, #"{"type":"string"}"#, .output, []),
        Case(
            "output newly required",
            person,
            person.replacingOccurrences(of: #"["name"]"#, with: #"["name","lang"]"#),
            .output,
            []
        ),
        Case(
            "output closed",
            person,
            String(person.dropLast()) + #","additionalProperties":false}"#,
            .output,
            []
        ),
        Case("output bounds tightened", #"{"maxLength":10}"#, #"{"maxLength":5}"#, .output, []),
    ]

    static func parse(_ text: String) throws -> JSONValue {
        try Document.parse(Array(text.utf8), file: "schema.json").value
    }

    @Test(arguments: cases) func breaks(_ example: Case) throws {
        let found = SchemaCompatibility.breaks(
            from: try Self.parse(example.old),
            to: try Self.parse(example.new),
            direction: example.direction
        )
        #expect(found.map(\.reason) == example.reasons)
        #expect(found.allSatisfy { $0.direction == example.direction })
    }

    @Test func breaksPointAtTheChangedKeyword() throws {
        let found = SchemaCompatibility.breaks(
            from: try Self.parse(Self.person),
            to: try Self.parse(#"{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}"#),
            direction: .input
        )
        #expect(found.map(\.pointer) == ["/properties/lang"])
    }

    @Test func aSelfReferenceDoesNotLoop() throws {
        let tree = ##"{"type":"object","properties":{"child":{"$ref":"#"}}}"##
        let found = SchemaCompatibility.breaks(from: try Self.parse(tree), to: try Self.parse(tree), direction: .input)
        #expect(found.isEmpty)
    }
}
