import EmulatorKit
import Testing

/// The protobuf wire-format reader: every wire type, skipped unknown fields and groups, and malformed input that
/// must throw (never crash, never read past the end).
@Suite("Protobuf reader")
struct ProtobufReaderTests {
    @Test("reads varints, fixed values, strings and embedded messages")
    func wellFormed() throws {
        // 1: varint 150; 2: fixed64 1.5; 3: "hi"; 4: {1: 7}; 5: fixed32 0x01020304; 6: int64 -1 (ten bytes)
        let bytes: [UInt8] =
            [0x08, 0x96, 0x01]
            + [0x11] + [0, 0, 0, 0, 0, 0, 0xF8, 0x3F]
            + [0x1A, 0x02, 0x68, 0x69]
            + [0x22, 0x02, 0x08, 0x07]
            + [0x2D, 0x04, 0x03, 0x02, 0x01]
            + [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
        var reader = ProtobufReader(bytes)
        let fields = try reader.fields()
        #expect(fields.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(try fields[0].uint64() == 150)
        #expect(try fields[1].double() == 1.5)
        #expect(try fields[2].string() == "hi")
        var inner = try fields[3].message()
        #expect(try inner.next()?.uint64() == 7)
        #expect(try inner.next() == nil)
        #expect(try fields[4].fixed32() == 0x0102_0304)
        #expect(try fields[5].int64() == -1)
        #expect(reader.isAtEnd)
    }

    @Test("groups, even nested, are skipped with their contents")
    func groupsSkipped() throws {
        // field 9 start-group { field 1 varint; field 10 start-group { } end 10 } end 9; then field 2 varint 5
        let bytes: [UInt8] = [0x4B, 0x08, 0x01, 0x53, 0x54, 0x4C, 0x10, 0x05]
        var reader = ProtobufReader(bytes)
        let fields = try reader.fields()
        #expect(fields.map(\.number) == [2])
        #expect(try fields[0].uint64() == 5)
    }

    @Test(
        "malformed input throws with the offset",
        arguments: [
            ([0x08], "cut off"),  // a tag without its varint
            ([0x08, 0x80, 0x80], "cut off"),  // a varint cut off
            ([0x08] + [UInt8](repeating: 0xFF, count: 10) + [0x01], "varint"),  // longer than ten bytes
            ([0x1A, 0x05, 0x61], "remain"),  // a length past the end
            ([0x11, 0x01, 0x02], "remain"),  // a fixed64 cut off
            ([0x00, 0x01], "field number 0"),  // field 0
            ([0x0F], "wire type 7"),  // wire type 7
            ([0x0E], "wire type 6"),  // wire type 6
            ([0x0B, 0x08, 0x01], "not closed"),  // a group never closed
            ([0x0C], "never started"),  // a group end without a start
            ([0x0B, 0x14], "closed as group 2"),  // a group closed with the wrong number
            ([0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "remain"),  // a huge length
        ] as [([UInt8], String)]
    )
    func malformed(bytes: [UInt8], reason: String) {
        var reader = ProtobufReader(bytes)
        do {
            _ = try reader.fields()
            Issue.record("\(bytes) was accepted")
        } catch {
            #expect(error.reason.contains(reason) || error.description.contains(reason), "\(error)")
        }
    }

    @Test("deeply nested groups are refused instead of exhausting the stack")
    func deepGroups() {
        var reader = ProtobufReader([UInt8](repeating: 0x0B, count: 10_000))
        #expect(throws: ProtobufError.self) { try reader.fields() }
    }

    @Test("reading a field as the wrong type, or text that is not UTF-8, throws")
    func wrongTypes() throws {
        var reader = ProtobufReader([0x08, 0x01, 0x12, 0x02, 0xC3, 0x28])
        let fields = try reader.fields()
        #expect(throws: ProtobufError.self) { try fields[0].string() }
        #expect(throws: ProtobufError.self) { try fields[1].uint64() }
        #expect(throws: ProtobufError.self) { try fields[1].string() }
        #expect(throws: ProtobufError.self) { try fields[0].fixed64() }
    }

    @Test("random bytes never crash the reader")
    func fuzz() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let count = Int.random(in: 0..<64, using: &generator)
            var reader = ProtobufReader((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
            while let field = try? reader.next() {
                if case .bytes = field.value, var inner = try? field.message() { _ = try? inner.fields() }
            }
        }
    }
}
