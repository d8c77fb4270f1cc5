import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import StructuredData
import Synchronization
import Testing

/// A loopback OTLP/HTTP collector for tests that takes `application/json` exports on `/v1/traces` and decodes the
/// spans itself (OTLP's JSON mapping read here, not with the exporter's code).
final class OTLPJSONCollector: Sendable {
    /// One exported span.
    struct Span: Sendable {
        var name: String
        var traceID: String
        var spanID: String
        var parentSpanID: String
        var kind: String
        var start: UInt64
        var end: UInt64
        var attributes: [String: JSONValue]
        var statusCode: String
        var statusMessage: String
        var serviceName: String?
    }

    private let state = Mutex<(spans: [Span], contentTypes: [String])>(([], []))

    var spans: [Span] { state.withLock { $0.spans } }
    var contentTypes: [String] { state.withLock { $0.contentTypes } }

    /// Runs the collector on a loopback port for the duration of `body`.
    func serve(_ body: @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.post("v1/traces") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 16 << 20)
            let contentType = request.headers[.contentType] ?? ""
            let decoded = try Self.decode(String(buffer: buffer))
            self.state.withLock {
                $0.contentTypes.append(contentType)
                $0.spans += decoded
            }
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "{}"))
            )
        }
        try await Application(router: router).test(.live) { client in try await body(try #require(client.port)) }
    }

    /// Decodes an `ExportTraceServiceRequest` in OTLP JSON.
    static func decode(_ text: String) throws -> [Span] {
        let root = try JSONParser.parse(text)
        var spans: [Span] = []
        for resource in root["resourceSpans"]?.arrayValue ?? [] {
            let resourceAttributes = attributes(resource["resource"]?["attributes"])
            for scope in resource["scopeSpans"]?.arrayValue ?? [] {
                for span in scope["spans"]?.arrayValue ?? [] {
                    spans.append(
                        Span(
                            name: span["name"]?.stringValue ?? "",
                            traceID: hexID(span["traceId"]),
                            spanID: hexID(span["spanId"]),
                            parentSpanID: hexID(span["parentSpanId"]),
                            kind: span["kind"].map(scalarText) ?? "",
                            start: nanos(span["startTimeUnixNano"]),
                            end: nanos(span["endTimeUnixNano"]),
                            attributes: attributes(span["attributes"]),
                            statusCode: span["status"]?["code"].map(scalarText) ?? "",
                            statusMessage: span["status"]?["message"]?.stringValue ?? "",
                            serviceName: resourceAttributes["service.name"]?.stringValue
                        )
                    )
                }
            }
        }
        return spans
    }

    /// OTLP JSON writes ids as hex; a plain protobuf JSON mapping would write base64: both are read as hex.
    private static func hexID(_ value: JSONValue?) -> String {
        guard let text = value?.stringValue, !text.isEmpty else { return "" }
        if text.count == 32 || text.count == 16, text.allSatisfy(\.isHexDigit) { return text.lowercased() }
        guard let bytes = Data(base64Encoded: text) else { return text }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    private static func nanos(_ value: JSONValue?) -> UInt64 {
        if let text = value?.stringValue { return UInt64(text) ?? 0 }
        if let number = value?.intValue { return UInt64(max(0, number)) }
        return 0
    }

    private static func scalarText(_ value: JSONValue) -> String {
        value.stringValue ?? value.intValue.map(String.init) ?? ""
    }

    private static func attributes(_ list: JSONValue?) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for pair in list?.arrayValue ?? [] {
            guard let key = pair["key"]?.stringValue, let value = pair["value"] else { continue }
            result[key] = anyValue(value)
        }
        return result
    }

    private static func anyValue(_ value: JSONValue) -> JSONValue {
        if let text = value["stringValue"] { return text }
        if let flag = value["boolValue"] { return flag }
        if let number = value["intValue"] {
            if let text = number.stringValue, let parsed = Int(text) { return .integer(parsed) }
            return number
        }
        if let number = value["doubleValue"] { return number }
        if let values = value["arrayValue"]?["values"]?.arrayValue { return .array(values.map(anyValue)) }
        return .null
    }
}
