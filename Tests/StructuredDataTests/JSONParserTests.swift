import StructuredData
import Testing

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValueAndKeepsIntegersApart() throws {
        let value = try JSONParser.parse(#"{"a": [1, 2.5, -0, 1e3, true, null, "x\u00e9\n"], "b": {}}"#)
        #expect(value["a"] == [1, 2.5, 0, .number(1000), true, nil, "xé\n"])
        #expect(value["b"] == .object([:]))
    }

    @Test func reportsLineAndColumnOfSyntaxErrors() {
        #expect {
            _ = try JSONParser.parse(Array("{\n  \"a\": 1,\n  \"b\": tru\n}".utf8), file: "x.json")
        } throws: { error in
            guard let error = error as? DocumentError else { return false }
            return error.code == .invalidJSON && error.location.line == 3 && error.location.column == 8
        }
    }

    @Test func refusesDuplicateKeys() {
        #expect {
            _ = try JSONParser.parse(Array(#"{"a": 1, "a": 2}"#.utf8), file: "x.json")
        } throws: { ($0 as? DocumentError)?.code == .duplicateKey }
    }

    @Test func refusesDeepNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect {
            _ = try JSONParser.parse(Array(deep.utf8), file: "deep.json")
        } throws: { ($0 as? DocumentError)?.code == .tooDeep }
    }

    @Test func recordsLocationsByPointer() throws {
        let document = try JSONParser.parse(Array("{\n \"topics\": [\n  {\"name\": \"x\"}\n ]\n}".utf8), file: "p.json")
        #expect(document.location(of: "/topics/0/name").line == 3)
        #expect(document.location(of: "/topics/0/missing").line == 3)
    }

    @Test(arguments: ["01", "1.", "-", "[1,]", "{\"a\":1,}", "\"\u{01}\"", "nul", "\"\\x\""])
    func refusesInvalidJSON(_ text: String) {
        #expect(throws: DocumentError.self) { _ = try JSONParser.parse(text) }
    }
}
