/// A minimal protobuf encoder for the tests: builds OTLP messages byte by byte, so the emulator's decoder is
/// checked against an encoding written independently of it.
struct ProtobufWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func tag(_ number: Int, _ wireType: UInt8) { varint(UInt64(number) << 3 | UInt64(wireType)) }

    mutating func uint(_ number: Int, _ value: UInt64) {
        tag(number, 0)
        varint(value)
    }

    mutating func fixed64(_ number: Int, _ value: UInt64) {
        tag(number, 1)
        for index in 0..<8 { bytes.append(UInt8((value >> (8 * UInt64(index))) & 0xFF)) }
    }

    mutating func bytes(_ number: Int, _ value: [UInt8]) {
        tag(number, 2)
        varint(UInt64(value.count))
        bytes += value
    }

    mutating func string(_ number: Int, _ value: String) { bytes(number, Array(value.utf8)) }

    mutating func message(_ number: Int, _ build: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        build(&inner)
        bytes(number, inner.bytes)
    }

    static func hex(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            out.append(UInt8(text[index..<next], radix: 16) ?? 0)
            index = next
        }
        return out
    }

    /// An `ExportTraceServiceRequest` with one resource (`service.name`), one scope and the given spans.
    static func export(
        service: String,
        spans: [(trace: String, id: String, parent: String?, name: String, start: UInt64, end: UInt64, error: String?)]
    ) -> [UInt8] {
        var request = ProtobufWriter()
        request.message(1) { resourceSpans in
            resourceSpans.message(1) { resource in
                resource.message(1) { keyValue in
                    keyValue.string(1, "service.name")
                    keyValue.message(2) { $0.string(1, service) }
                }
            }
            resourceSpans.message(2) { scopeSpans in
                scopeSpans.message(1) { scope in
                    scope.string(1, "test-scope")
                    scope.string(2, "1.0")
                }
                for span in spans {
                    scopeSpans.message(2) { out in
                        out.bytes(1, hex(span.trace))
                        out.bytes(2, hex(span.id))
                        if let parent = span.parent { out.bytes(4, hex(parent)) }
                        out.string(5, span.name)
                        out.uint(6, 2)
                        out.fixed64(7, span.start)
                        out.fixed64(8, span.end)
                        out.message(9) { keyValue in
                            keyValue.string(1, "retries")
                            keyValue.message(2) { $0.uint(3, UInt64(bitPattern: -3)) }
                        }
                        out.message(9) { keyValue in
                            keyValue.string(1, "ratio")
                            keyValue.message(2) { value in value.fixed64(4, (0.5).bitPattern) }
                        }
                        out.uint(99, 7)  // an unknown field, skipped
                        if let error = span.error {
                            out.message(11) { event in
                                event.fixed64(1, span.end)
                                event.string(2, "exception")
                                event.message(3) { keyValue in
                                    keyValue.string(1, "exception.message")
                                    keyValue.message(2) { $0.string(1, error) }
                                }
                            }
                            out.message(15) { status in
                                status.string(2, error)
                                status.uint(3, 2)
                            }
                        }
                    }
                }
            }
        }
        return request.bytes
    }
}
