import JSONSchema
import StructuredData
import Testing

/// Numeric keywords with awkward values: decimals, huge numbers, integer/double mixes.
@Suite struct NumberTests {
    @Test func multipleOfHandlesDecimalFractions() throws {
        let schema = try JSONSchema(["multipleOf": 0.01])
        #expect(schema.isValid(19.99))
        #expect(schema.isValid(0.07))
        #expect(!schema.isValid(0.075))
        #expect(try JSONSchema(["multipleOf": 0.1]).isValid(0.3))
    }

    @Test func hugeNumbersDoNotCrash() throws {
        #expect(try JSONSchema(["multipleOf": 0.5]).isValid(1e308))
        #expect(!(try JSONSchema(["multipleOf": 0.123456789]).isValid(1e308)))
        #expect(try JSONSchema(["multipleOf": 3]).isValid(.integer(Int.min + 2)))
        #expect(try JSONSchema(["multipleOf": 1]).isValid(.integer(Int.min)))
        #expect(try JSONSchema(["maximum": 1e308]).isValid(.integer(Int.max)))
    }

    @Test func boundsCompareIntegersExactly() throws {
        let schema = try JSONSchema(["maximum": 9_007_199_254_740_992])
        #expect(schema.isValid(9_007_199_254_740_992))
        #expect(!schema.isValid(9_007_199_254_740_993))
        #expect(try JSONSchema(["exclusiveMinimum": 1]).isValid(1.0000001))
        #expect(!(try JSONSchema(["exclusiveMinimum": 1]).isValid(1.0)))
    }

    @Test func equalityIsNumericAware() throws {
        #expect(try JSONSchema(["const": 1]).isValid(1.0))
        #expect(try JSONSchema(["enum": [["a": 1.0]]]).isValid(["a": 1]))
        #expect(!(try JSONSchema(["uniqueItems": true]).isValid([1, 1.0])))
        #expect(try JSONSchema(["uniqueItems": true]).isValid([1, "1", true]))
    }
}
