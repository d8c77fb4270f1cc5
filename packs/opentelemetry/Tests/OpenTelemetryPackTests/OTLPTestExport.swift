import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import WorkerKit

/// Builds and sends a small OTLP/HTTP protobuf export (one service, one trace, a span per step), encoded here by
/// hand so the emulator's decoder is checked against an independent encoding.
enum OTLPTestExport {
    static func varint(_ value: UInt64) -> [UInt8] {
        var rest = value
        var out: [UInt8] = []
        while rest >= 0x80 {
            out.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        return out + [UInt8(rest)]
    }

    static func field(_ number: Int, _ bytes: [UInt8]) -> [UInt8] {
        varint(UInt64(number << 3 | 2)) + varint(UInt64(bytes.count)) + bytes
    }

    static func fixed64(_ number: Int, _ value: UInt64) -> [UInt8] {
        varint(UInt64(number << 3 | 1)) + (0..<8).map { UInt8((value >> (8 * UInt64($0))) & 0xFF) }
    }

    static func hex(_ text: String) -> [UInt8] {
        stride(from: 0, to: text.count, by: 2).map { offset in
            let start = text.index(text.startIndex, offsetBy: offset)
            return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
    }

    /// Span ids are the step's index + 1 as 16 hex digits.
    static func request(
        service: String,
        trace: String,
        steps: [(name: String, parent: String?, startMs: UInt64, endMs: UInt64)],
        start: UInt64
    ) -> [UInt8] {
        func id(_ name: String) -> [UInt8] {
            let index = (steps.firstIndex { $0.name == name } ?? 0) + 1
            return [0, 0, 0, 0, 0, 0, 0, UInt8(index)]
        }
        let attribute = field(1, Array("service.name".utf8)) + field(2, field(1, Array(service.utf8)))
        let resource = field(1, field(1, attribute))
        var spans: [UInt8] = []
        for step in steps {
            var span = field(1, hex(trace)) + field(2, id(step.name))
            if let parent = step.parent { span += field(4, id(parent)) }
            span += field(5, Array(step.name.utf8))
            span += fixed64(7, start + step.startMs * 1_000_000) + fixed64(8, start + step.endMs * 1_000_000)
            spans += field(2, span)
        }
        return field(1, resource + field(2, spans))
    }

    static func post(_ body: [UInt8], to url: String) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-protobuf")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await VendorHTTPClient.sharedHTTPClient.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }
}
