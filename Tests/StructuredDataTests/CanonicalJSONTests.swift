import StructuredData
import Testing

@Suite struct CanonicalJSONTests {
    @Test func sortsKeysAndEscapesLikeGo() {
        let value: JSONValue = ["b": "<a&b>", "a": [1, 2.5, nil, true], "\u{2028}": "\u{01}"]
        #expect(
            JSONEncoding.canonical(value) == #"{"a":[1,2.5,null,true],"b":"\u003ca\u0026b\u003e","\u2028":"\u0001"}"#
        )
    }

    @Test(arguments: [
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (1e-7, "1e-7"), (0.000001, "0.000001"),
        (123.456, "123.456"), (-0.5, "-0.5"), (1.5e300, "1.5e+300"), (100.0, "100"), (2.5e-8, "2.5e-8"),
    ])
    func formatsFloatsLikeGo(_ number: Double, _ expected: String) {
        #expect(JSONEncoding.formatNumber(number) == expected)
    }

    @Test func prettyPrintsWithTwoSpaces() {
        #expect(JSONEncoding.pretty(["a": [1]]) == "{\n  \"a\": [\n    1\n  ]\n}")
    }
}
