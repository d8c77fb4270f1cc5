import APIContracts
import Testing

@Suite("Swagger 2.0 requests and responses")
struct Swagger2ValidationTests {
    static let spec = """
        swagger: "2.0"
        info: {title: Chat, version: "1"}
        basePath: /api
        produces: [application/json]
        paths:
          /chat.postMessage:
            post:
              operationId: chat_postMessage
              consumes: [application/x-www-form-urlencoded, application/json]
              parameters:
                - {name: channel, in: formData, required: true, type: string, description: Channel to send to.}
                - {name: mrkdwn, in: formData, type: boolean}
                - {name: limit, in: query, type: integer, minimum: 1}
                - {name: ids, in: query, type: array, items: {type: integer}}
                - {name: tags, in: query, type: array, collectionFormat: multi, items: {type: string, enum: [a, b]}}
                - {name: pipes, in: query, type: array, collectionFormat: pipes, items: {type: integer}}
              responses:
                "200":
                  description: ok
                  schema: {$ref: "#/definitions/Message"}
          /things/{id}:
            put:
              operationId: putThing
              parameters:
                - {name: id, in: path, type: integer, required: true}
                - {name: body, in: body, required: true, schema: {$ref: "#/definitions/Thing"}}
              responses:
                "200": {description: ok, schema: {$ref: "#/definitions/Thing"}}
        definitions:
          Message:
            type: object
            required: [ok]
            properties:
              ok: {type: boolean, description: Whether the call worked.}
              ts: {type: string, x-nullable: true}
          Thing:
            type: object
            required: [name]
            properties:
              name: {type: string}
              size: {type: number, minimum: 0, exclusiveMinimum: true}
        """

    @Test func formDataFieldsAreParameters() throws {
        let spec = try document(Self.spec)
        let good = violations(
            spec,
            "POST",
            "/api/chat.postMessage?limit=2&ids=1,2&tags=a&tags=b&pipes=1%7C2",
            headers: ["content-type": "application/x-www-form-urlencoded"],
            body: "channel=C1&mrkdwn=true",
            responseBody: #"{"ok": true, "ts": null}"#
        )
        #expect(good.isEmpty, "\(good)")
        let bad = violations(
            spec,
            "POST",
            "/api/chat.postMessage?ids=1,x&tags=c&pipes=1,2",
            headers: ["content-type": "application/x-www-form-urlencoded"],
            body: "mrkdwn=yes",
            responseBody: #"{"ts": 5}"#
        )
        #expect(
            bad.map(\.location).sorted() == [
                "request.formData.channel", "request.formData.mrkdwn", "request.query.ids/1", "request.query.pipes/0",
                "request.query.tags/0", "response.body", "response.body/ts",
            ]
        )
        #expect(bad.first { $0.location == "request.formData.channel" }?.vendorDescription == "Channel to send to.")
        #expect(bad.first { $0.location == "response.body" }?.schemaPath == "#/definitions/Message/required")
    }

    @Test func jsonBodiesStandForFormFieldsWhenConsumed() throws {
        let found = violations(
            try document(Self.spec),
            "POST",
            "/api/chat.postMessage",
            headers: ["content-type": "application/json"],
            body: #"{"channel": "C1", "mrkdwn": false}"#,
            responseBody: #"{"ok": true}"#
        )
        #expect(found.isEmpty, "\(found)")
    }

    @Test func bodyParameterSchemasAndExclusiveMinimum() throws {
        let spec = try document(Self.spec)
        let found = violations(
            spec,
            "PUT",
            "/api/things/x",
            headers: ["content-type": "application/json"],
            body: #"{"size": 0}"#,
            responseBody: #"{"name": "a", "size": 1}"#
        )
        #expect(found.map(\.location) == ["request.path.id", "request.body", "request.body/size"])
        #expect(found.last?.keyword == "exclusiveMinimum")
        #expect(found.last?.schemaPath == "#/definitions/Thing/properties/size/exclusiveMinimum")
    }
}

@Suite("Draft-4 tuples in Swagger 2.0")
struct SwaggerTupleTests {
    @Test func tupleItemsBecomePrefixItems() throws {
        let spec = try document(
            """
            swagger: "2.0"
            info: {title: T, version: "1"}
            paths:
              /pair:
                get:
                  responses:
                    "200":
                      description: ok
                      schema:
                        type: array
                        items: [{type: integer}, {type: string}]
                        additionalItems: {type: boolean}
            """
        )
        #expect(violations(spec, "GET", "/pair", responseBody: "[1, \"a\", true]").isEmpty)
        let found = violations(spec, "GET", "/pair", responseBody: "[\"1\", \"a\", 3]")
        #expect(found.map(\.location) == ["response.body/0", "response.body/2"])
        #expect(
            found.map(\.schemaPath) == [
                "#/paths/~1pair/get/responses/200/schema/items/0/type",
                "#/paths/~1pair/get/responses/200/schema/additionalItems/type",
            ]
        )
    }
}
