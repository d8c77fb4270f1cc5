import APIContracts
import Testing

@Suite("Parameter styles and explode")
struct ParameterStyleTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Styles, version: "1"}
        paths:
          /items/{ids}:
            get:
              operationId: getItems
              parameters:
                - {name: ids, in: path, required: true, schema: {type: array, items: {type: integer}}}
                - {name: exploded, in: query, schema: {type: array, items: {type: integer}}}
                - {name: commas, in: query, explode: false, schema: {type: array, items: {type: integer}}}
                - {name: spaces, in: query, style: spaceDelimited, explode: false, schema: {type: array, items: {type: integer}}}
                - {name: pipes, in: query, style: pipeDelimited, explode: false, schema: {type: array, items: {type: integer}}}
                - name: filter
                  in: query
                  style: deepObject
                  explode: true
                  schema: {type: object, properties: {state: {type: string, enum: [open, closed]}, page: {type: integer}}}
                - {name: X-Flags, in: header, schema: {type: array, items: {type: boolean}}}
                - name: point
                  in: query
                  explode: false
                  schema: {type: object, properties: {x: {type: integer}, y: {type: integer}}}
                - name: window
                  in: query
                  schema: {type: object, properties: {from: {type: integer}, to: {type: integer}}}
                - name: where
                  in: query
                  content:
                    application/json:
                      schema: {type: object, required: [lat], properties: {lat: {type: number}}}
              responses: {"200": {description: ok}}
        """

    @Test func everyStyleDecodesToTheSchemaType() throws {
        let found = violations(
            try document(Self.spec),
            "GET",
            "/items/1,2,3?exploded=1&exploded=2&commas=3,4&spaces=5%206&pipes=7|8&filter[state]=open&filter[page]=2"
                + "&point=x,1,y,2&from=10&to=20&where=%7B%22lat%22%3A1.5%7D",
            headers: ["x-flags": "true,false"]
        )
        #expect(found.isEmpty, "\(found)")
    }

    @Test func badElementsAreNamedByIndex() throws {
        let found = violations(
            try document(Self.spec),
            "GET",
            "/items/1,x?exploded=1&exploded=y&commas=3,z&spaces=5%20w&pipes=7|v&filter[state]=gone&filter[page]=p"
                + "&point=x,1,y,b&from=soon&where=%7B%7D",
            headers: ["x-flags": "true,maybe"]
        )
        #expect(
            Set(found.map(\.location)) == [
                "request.path.ids/1", "request.query.exploded/1", "request.query.commas/1", "request.query.spaces/1",
                "request.query.pipes/1", "request.query.filter/state", "request.query.filter/page",
                "request.header.X-Flags/1", "request.query.point/y", "request.query.window/from",
                "request.query.where",
            ]
        )
    }
}
