import APIContracts
import Testing

@Suite("Discriminators choose the schema to check")
struct DiscriminatorTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Zoo, version: "1"}
        paths:
          /animals/{id}:
            get:
              operationId: getAnimal
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "200":
                  description: one animal
                  content:
                    application/json:
                      schema:
                        oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
                        discriminator:
                          propertyName: kind
                          mapping: {cat: "#/components/schemas/Cat", dog: Dog}
          /pets/{id}:
            get:
              operationId: getPet
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "200":
                  description: implicit mapping
                  content:
                    application/json:
                      schema:
                        anyOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
                        discriminator: {propertyName: kind}
        components:
          schemas:
            Cat:
              type: object
              required: [kind, lives]
              properties: {kind: {type: string}, lives: {type: integer}}
            Dog:
              type: object
              required: [kind, barks]
              properties: {kind: {type: string}, barks: {type: boolean}}
        """

    @Test func mappedValueSelectsTheSchema() throws {
        let spec = try document(Self.spec)
        #expect(violations(spec, "GET", "/animals/1", responseBody: #"{"kind": "dog", "barks": true}"#).isEmpty)
        let wrong = violations(spec, "GET", "/animals/1", responseBody: #"{"kind": "dog", "lives": 9}"#)
        #expect(wrong.map(\.location) == ["response.body"])
        #expect(wrong.first?.keyword == "required")
        #expect(wrong.first?.schemaPath == "#/components/schemas/Dog/required")
        let unknown = violations(spec, "GET", "/animals/1", responseBody: #"{"kind": "cow"}"#)
        #expect(unknown.map(\.location) == ["response.body/kind"])
        #expect(unknown.first?.keyword == "enum")
    }

    @Test func schemaNamesAreTheImplicitMapping() throws {
        let spec = try document(Self.spec)
        #expect(violations(spec, "GET", "/pets/1", responseBody: #"{"kind": "Cat", "lives": 9}"#).isEmpty)
        let wrong = violations(spec, "GET", "/pets/1", responseBody: #"{"kind": "Cat", "lives": "nine"}"#)
        #expect(wrong.map(\.location) == ["response.body/lives"])
        #expect(wrong.first?.schemaPath == "#/components/schemas/Cat/properties/lives/type")
    }
}
