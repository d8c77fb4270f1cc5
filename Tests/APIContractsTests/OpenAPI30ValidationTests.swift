import APIContracts
import Testing

@Suite("OpenAPI 3.0 requests and responses")
struct OpenAPI30ValidationTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Pets, version: "1"}
        paths:
          /pets:
            get:
              operationId: listPets
              parameters:
                - name: limit
                  in: query
                  description: How many pets to return at most.
                  schema: {type: integer, maximum: 100}
                - name: kind
                  in: query
                  required: true
                  schema: {type: string, enum: [cat, dog]}
                - name: X-Trace
                  in: header
                  required: true
                  schema: {type: string}
              responses:
                "200":
                  description: the pets
                  content:
                    application/json:
                      schema:
                        type: array
                        items: {$ref: "#/components/schemas/Pet"}
                "4XX":
                  description: client error
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
            post:
              operationId: createPet
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: "#/components/schemas/Pet"}
              responses:
                "201":
                  description: created
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Pet"}
                default:
                  description: error
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
        components:
          schemas:
            Pet:
              type: object
              required: [id, name, kind]
              properties:
                id: {type: integer, readOnly: true, description: The pet's unique id.}
                name: {type: string}
                kind: {type: string, enum: [cat, dog]}
                tag: {type: string, nullable: true}
                secret: {type: string, writeOnly: true}
                owner:
                  nullable: true
                  allOf: [{$ref: "#/components/schemas/Owner"}]
            Owner:
              type: object
              required: [login]
              properties: {login: {type: string}}
            Error:
              type: object
              required: [message]
              properties: {message: {type: string}}
        """

    @Test func validRequestAndResponse() throws {
        let found = violations(
            try document(Self.spec),
            "GET",
            "/pets?limit=10&kind=cat",
            headers: ["X-Trace": "abc"],
            responseBody: #"[{"id": 1, "name": "Tom", "kind": "cat", "tag": null, "owner": null}]"#
        )
        #expect(found.isEmpty, "\(found)")
    }

    @Test func parametersAreCheckedByTypeEnumAndPresence() throws {
        let found = violations(try document(Self.spec), "GET", "/pets?limit=many&kind=bird", responseBody: "[]")
        #expect(
            found.map(\.location).sorted() == ["request.header.X-Trace", "request.query.kind", "request.query.limit"]
        )
        let limit = try #require(found.first { $0.location == "request.query.limit" })
        #expect(limit.code == .invalidParameter)
        #expect(limit.keyword == "type")
        #expect(limit.vendorDescription == "How many pets to return at most.")
        #expect(limit.operation?.operationID == "listPets")
        #expect(limit.schemaPath == "#/paths/~1pets/get/parameters/0/schema/type")
        #expect(found.first { $0.location == "request.header.X-Trace" }?.code == .missingParameter)
        let tooMany = violations(
            try document(Self.spec),
            "GET",
            "/pets?limit=101&kind=cat",
            headers: ["x-trace": "t"],
            responseBody: "[]"
        )
        #expect(tooMany.map(\.keyword) == ["maximum"])
    }

    @Test func responseBodyErrorsNameTheFieldAndTheComponent() throws {
        let found = violations(
            try document(Self.spec),
            "GET",
            "/pets?kind=cat",
            headers: ["x-trace": "t"],
            responseBody: #"[{"id": "one", "name": "Tom", "kind": "cat"}]"#
        )
        let violation = try #require(found.first)
        #expect(found.count == 1)
        #expect(violation.code == .invalidBody)
        #expect(violation.location == "response.body/0/id")
        #expect(violation.schemaPath == "#/components/schemas/Pet/properties/id/type")
        #expect(violation.vendorDescription == "The pet's unique id.")
        #expect(violation.description.contains("listPets GET /pets"))
    }

    @Test func statusesAreDocumentedExactlyByRangeOrDefault() throws {
        let spec = try document(Self.spec)
        let notFound = violations(
            spec,
            "GET",
            "/pets?kind=cat",
            headers: ["x-trace": "t"],
            status: 404,
            responseBody: #"{"message": "no"}"#
        )
        #expect(notFound.isEmpty)
        let badError = violations(
            spec,
            "GET",
            "/pets?kind=cat",
            headers: ["x-trace": "t"],
            status: 422,
            responseBody: #"{"msg": "no"}"#
        )
        #expect(badError.map(\.location) == ["response.body"])
        #expect(badError.first?.schemaPath == "#/components/schemas/Error/required")
        let serverError = violations(spec, "GET", "/pets?kind=cat", headers: ["x-trace": "t"], status: 500)
        #expect(serverError.map(\.code) == [.undocumentedStatus])
        #expect(serverError.first?.location == "response.status")
        let created = violations(
            spec,
            "POST",
            "/pets",
            headers: ["content-type": "application/json"],
            body: #"{"name": "Rex", "kind": "dog"}"#,
            status: 500,
            responseBody: #"{"message": "down"}"#
        )
        #expect(created.isEmpty, "\(created)")
    }

    @Test func readOnlyInRequestsAndWriteOnlyInResponses() throws {
        let spec = try document(Self.spec)
        let sendsID = violations(
            spec,
            "POST",
            "/pets",
            headers: ["content-type": "application/json"],
            body: #"{"id": 5, "name": "Rex", "kind": "dog", "secret": "s"}"#,
            status: 201,
            responseBody: #"{"id": 5, "name": "Rex", "kind": "dog", "secret": "s"}"#
        )
        #expect(sendsID.map(\.location) == ["request.body/id", "response.body/secret"])
        #expect(sendsID.first?.message.contains("readOnly") == true)
        #expect(sendsID.last?.message.contains("writeOnly") == true)
        let missingID = violations(
            spec,
            "POST",
            "/pets",
            headers: ["content-type": "application/json"],
            body: #"{"name": "Rex", "kind": "dog"}"#,
            status: 201,
            responseBody: #"{"name": "Rex", "kind": "dog"}"#
        )
        #expect(missingID.map(\.location) == ["response.body"])
        #expect(missingID.first?.keyword == "required")
    }

    @Test func nullableOnlyWhereDeclared() throws {
        let found = violations(
            try document(Self.spec),
            "POST",
            "/pets",
            headers: ["content-type": "application/json"],
            body: #"{"name": null, "kind": "dog", "tag": null, "owner": null}"#,
            status: 201,
            responseBody: #"{"id": 1, "name": "Rex", "kind": "dog", "owner": {"name": "x"}}"#
        )
        #expect(found.map(\.location) == ["request.body/name", "response.body/owner"])
    }

    @Test func requestBodiesNeedADocumentedContentTypeAndJSON() throws {
        let spec = try document(Self.spec)
        let text = violations(spec, "POST", "/pets", headers: ["content-type": "text/plain"], body: "Rex", status: 201)
        #expect(text.map(\.code) == [.undocumentedContentType])
        let broken = violations(
            spec,
            "POST",
            "/pets",
            headers: ["content-type": "application/json"],
            body: "{",
            status: 201
        )
        #expect(broken.map(\.code) == [.malformedBody])
        let missing = violations(spec, "POST", "/pets", status: 201)
        #expect(missing.map(\.code) == [.missingBody])
    }
}
