import EmulatorKit
import Foundation
import StructuredData

/// `POST /v1/traces`: OTLP/HTTP trace exports in JSON or protobuf. A good export is stored and answered `200` with
/// an empty `ExportTraceServiceResponse` (`{"partialSuccess": {}}` in JSON, no bytes in protobuf); a malformed one
/// is `400` with OTLP's `Status` (`code` 3, INVALID_ARGUMENT, and a message naming the field or byte offset); other
/// media types are `415`, other methods `405`.
struct OTLPReceiver {
    let state: SeededState<TraceStore>

    func receive(_ request: EmulatorRequest) -> EmulatorResponse {
        guard request.method == "POST" else {
            return .text("405 method not allowed\n", status: 405, headers: ["Allow": "POST"])
        }
        let type = (request.header("content-type") ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        let protobuf = type == "application/x-protobuf"
        do {
            let spans: [StoredSpan]
            switch type {
            case "application/json":
                guard let body = try? JSONParser.parse(request.bodyText) else {
                    throw OTLPRefusal(message: "The body is not JSON.")
                }
                spans = try OTLPJSON.spans(body)
            case "application/x-protobuf":
                do {
                    spans = try OTLPProtobuf.spans(request.body)
                } catch let error as ProtobufError {
                    throw OTLPRefusal(message: "ExportTraceServiceRequest: \(error)")
                }
            default:
                return .text(
                    "415 unsupported media type: send application/json or application/x-protobuf\n",
                    status: 415
                )
            }
            state.withLock { $0.add(spans) }
            if protobuf {
                return EmulatorResponse(status: 200, headers: ["Content-Type": "application/x-protobuf"], body: [])
            }
            return .json(["partialSuccess": [:]])
        } catch let refusal as OTLPRefusal {
            return refused(refusal.message, protobuf: protobuf)
        } catch {
            return refused("\(error)", protobuf: protobuf)
        }
    }

    /// OTLP's `google.rpc.Status` with `code` 3 (INVALID_ARGUMENT): JSON, or protobuf (fields 1 and 2).
    func refused(_ message: String, protobuf: Bool) -> EmulatorResponse {
        guard protobuf else { return .json(["code": 3, "message": .string(message)], status: 400) }
        let text = Array(message.utf8)
        var body: [UInt8] = [0x08, 0x03, 0x12]
        var length = text.count
        while length >= 0x80 {
            body.append(UInt8(length & 0x7F) | 0x80)
            length >>= 7
        }
        body.append(UInt8(length))
        return EmulatorResponse(
            status: 400,
            headers: ["Content-Type": "application/x-protobuf"],
            body: body + text
        )
    }
}
