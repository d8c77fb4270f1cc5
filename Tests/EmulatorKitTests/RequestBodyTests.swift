import EmulatorKit
import StructuredData
import Testing

@Suite("Typed request bodies")
struct RequestBodyTests {
    struct VendorError: Error, Equatable {
        var code: String
        var field: String?
    }

    static func body(
        _ text: String,
        contentType: String? = nil,
        format: RequestBody<VendorError>.Format = .automatic
    ) throws(VendorError) -> RequestBody<VendorError> {
        let headers = contentType.map { ["content-type": $0] } ?? [:]
        let request = EmulatorRequest(method: "POST", path: "/x", headers: headers, body: Array(text.utf8))
        return try RequestBody(request, format: format) { VendorError(code: $0.code, field: $0.field) }
    }

    @Test("JSON fields read as their types; absent and null are nil; a bare array is kept")
    func jsonFields() throws {
        let body = try Self.body(
            #"{"title":"t","draft":true,"count":3,"ratio":1.5,"labels":["a",{"name":"b"}],"meta":{"k":1},"gone":null}"#
        )
        #expect(try body.required("title") == "t")
        #expect(try body.bool("draft") == true)
        #expect(try body.int("count") == 3)
        #expect(try body.double("ratio") == 1.5)
        #expect(try body.strings("labels") { $0["name"]?.stringValue } == ["a", "b"])
        #expect(try body.object("meta")?["k"] == 1)
        #expect(try body.string("gone") == nil)
        #expect(try body.nullableString("gone") == .some(nil))
        #expect(try body.nullableString("absent") == nil)
        #expect(body.has("gone"))
        #expect(try Self.body("[1,2]").array == [1, 2])
        #expect(try Self.body("").fields.isEmpty)
        #expect(try Self.body("null").fields.isEmpty)
    }

    @Test("wrong types, missing fields, values outside a set and unparseable bodies become the vendor's errors")
    func errors() throws {
        let body = try Self.body(#"{"title":7,"draft":"yes","count":1.5,"labels":"a","state":"weird","empty":""}"#)
        #expect(throws: VendorError(code: "wrong_type", field: "title")) { try body.string("title") }
        #expect(throws: VendorError(code: "wrong_type", field: "draft")) { try body.bool("draft") }
        #expect(throws: VendorError(code: "wrong_type", field: "count")) { try body.int("count") }
        #expect(throws: VendorError(code: "wrong_type", field: "labels")) { try body.strings("labels") }
        #expect(throws: VendorError(code: "missing_field", field: "name")) { try body.required("name") }
        #expect(throws: VendorError(code: "missing_field", field: "empty")) { try body.required("empty") }
        #expect(throws: VendorError(code: "invalid_value", field: "state")) {
            try body.oneOf("state", ["open", "closed"])
        }
        #expect(throws: VendorError(code: "unparseable", field: nil)) { try Self.body("{") }
        #expect(throws: VendorError(code: "not_an_object", field: nil)) { try Self.body("42") }
        let message = BodyError.wrongType(field: "title", value: 7, expected: "a string").description
        #expect(message == "`title` must be a string (got 7)")
    }

    @Test("form-urlencoded bodies: strings, parsed booleans and numbers, repeated keys, JSON text fields")
    func formFields() throws {
        let body = try Self.body(
            "channel=C1&text=hello+world%21&unfurl_links=false&limit=20&ids=a&ids=b&blocks=%5B%7B%22type%22%3A%22section%22%7D%5D",
            contentType: "application/x-www-form-urlencoded; charset=utf-8"
        )
        #expect(body.format == .form)
        #expect(try body.required("channel") == "C1")
        #expect(try body.string("text") == "hello world!")
        #expect(try body.bool("unfurl_links") == false)
        #expect(try body.int("limit") == 20)
        #expect(try body.strings("ids") == ["a", "b"])
        #expect(try body.json("blocks")?.arrayValue?.first?["type"] == "section")
        #expect(throws: VendorError(code: "wrong_type", field: "channel")) { try body.int("channel") }
        #expect(throws: VendorError(code: "wrong_type", field: "text")) { try body.json("text") }
        let forced = try Self.body("a=1,2", format: .form)
        #expect(try forced.strings("a") == ["1", "2"])
    }
}
