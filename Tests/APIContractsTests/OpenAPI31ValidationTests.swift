import APIContracts
import Testing

@Suite("OpenAPI 3.1 schemas are JSON Schema 2020-12")
struct OpenAPI31ValidationTests {
    static let spec = """
        openapi: 3.1.0
        info: {title: Metrics, version: "1"}
        servers: [{url: /api/v1}]
        paths:
          /query:
            get:
              operationId: query
              parameters:
                - {name: query, in: query, required: true, schema: {type: string, minLength: 1}}
              responses:
                "200":
                  description: result
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Result"}
        components:
          schemas:
            Result:
              type: object
              required: [status, data]
              properties:
                status: {const: success}
                data:
                  type: array
                  prefixItems: [{type: number}, {type: string}]
                  items: false
                warnings: {type: [array, "null"], items: {type: string}}
        """

    @Test func twentyTwentyKeywordsApply() throws {
        let spec = try document(Self.spec)
        #expect(spec.version == .openAPI31)
        let good = violations(
            spec,
            "GET",
            "/api/v1/query?query=up",
            responseBody: #"{"status": "success", "data": [1.5, "1"], "warnings": null}"#
        )
        #expect(good.isEmpty, "\(good)")
        let bad = violations(
            spec,
            "GET",
            "/api/v1/query?query=",
            responseBody: #"{"status": "error", "data": ["1", "1", 3]}"#
        )
        #expect(
            Set(bad.map(\.location)) == [
                "request.query.query", "response.body/data/0", "response.body/data", "response.body/status",
            ],
            "\(bad)"
        )
        #expect(bad.contains { $0.schemaPath == "#/components/schemas/Result/properties/status/const" })
    }
}
