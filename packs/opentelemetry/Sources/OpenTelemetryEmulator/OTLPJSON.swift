import Foundation
import StructuredData

/// A refused export: HTTP 400 with OTLP's `Status` body (`{"code": 3, "message": …}`).
struct OTLPRefusal: Error {
    var message: String
}

/// OTLP/HTTP JSON exports (`ExportTraceServiceRequest` in the protobuf JSON mapping with OTLP's rules: trace and span
/// ids as hex, 64-bit integers as strings or numbers, enums as numbers) read into ``StoredSpan``s, normalised so
/// that ids are lowercase hex, times and `intValue`s strings, and `kind` a number.
enum OTLPJSON {
    static func spans(_ body: JSONValue) throws(OTLPRefusal) -> [StoredSpan] {
        guard let object = body.objectValue else {
            throw OTLPRefusal(message: "The body must be a JSON object (ExportTraceServiceRequest).")
        }
        var out: [StoredSpan] = []
        for (r, resourceSpans) in (object["resourceSpans"]?.arrayValue ?? []).enumerated() {
            let resource = normalizedResource(resourceSpans["resource"])
            for (s, scopeSpans) in (resourceSpans["scopeSpans"]?.arrayValue ?? []).enumerated() {
                let scope = normalizedScope(scopeSpans["scope"])
                for (i, span) in (scopeSpans["spans"]?.arrayValue ?? []).enumerated() {
                    let place = "resourceSpans[\(r)].scopeSpans[\(s)].spans[\(i)]"
                    out.append(try stored(span, resource: resource, scope: scope, place: place))
                }
            }
        }
        return out
    }

    static func normalizedResource(_ value: JSONValue?) -> JSONValue {
        ["attributes": .array((value?["attributes"]?.arrayValue ?? []).map(normalizedKeyValue))]
    }

    static func normalizedScope(_ value: JSONValue?) -> JSONValue {
        var scope: [String: JSONValue] = ["name": .string(value?["name"]?.stringValue ?? "")]
        if let version = value?["version"]?.stringValue, !version.isEmpty { scope["version"] = .string(version) }
        return .object(scope)
    }

    static func normalizedKeyValue(_ value: JSONValue) -> JSONValue {
        ["key": .string(value["key"]?.stringValue ?? ""), "value": normalizedAny(value["value"])]
    }

    static func normalizedAny(_ value: JSONValue?) -> JSONValue {
        guard let object = value?.objectValue else { return [:] }
        if let int = object["intValue"] { return ["intValue": .string(integerText(int) ?? "0")] }
        if let array = object["arrayValue"] {
            return ["arrayValue": ["values": .array((array["values"]?.arrayValue ?? []).map { normalizedAny($0) })]]
        }
        if let list = object["kvlistValue"] {
            return ["kvlistValue": ["values": .array((list["values"]?.arrayValue ?? []).map(normalizedKeyValue))]]
        }
        return .object(object)
    }

    /// A 64-bit integer given as a string or a number, as decimal text.
    static func integerText(_ value: JSONValue) -> String? {
        if let text = value.stringValue, UInt64(text) != nil || Int64(text) != nil { return text }
        if let number = value.intValue { return String(number) }
        if let number = value.doubleValue, number >= 0, number < 1.8e19, number == number.rounded() {
            return String(UInt64(number))
        }
        return nil
    }

    static let kindNumbers = [
        "SPAN_KIND_UNSPECIFIED": 0, "SPAN_KIND_INTERNAL": 1, "SPAN_KIND_SERVER": 2, "SPAN_KIND_CLIENT": 3,
        "SPAN_KIND_PRODUCER": 4, "SPAN_KIND_CONSUMER": 5,
    ]

    static func stored(
        _ span: JSONValue,
        resource: JSONValue,
        scope: JSONValue,
        place: String
    ) throws(OTLPRefusal) -> StoredSpan {
        guard var fields = span.objectValue else { throw OTLPRefusal(message: "\(place) must be an object.") }
        let traceID = try hexID(fields["traceId"], bytes: 16, field: "\(place).traceId")
        let spanID = try hexID(fields["spanId"], bytes: 8, field: "\(place).spanId")
        fields["traceId"] = .string(traceID)
        fields["spanId"] = .string(spanID)
        if let parent = fields["parentSpanId"], parent.stringValue?.isEmpty == false {
            fields["parentSpanId"] = .string(try hexID(parent, bytes: 8, field: "\(place).parentSpanId"))
        } else {
            fields["parentSpanId"] = nil
        }
        var times: [UInt64] = []
        for key in ["startTimeUnixNano", "endTimeUnixNano"] {
            guard let value = fields[key], let text = integerText(value), let nanos = UInt64(text) else {
                throw OTLPRefusal(
                    message:
                        "\(place).\(key) must be Unix nanoseconds as a string or a number, got \(fields[key] ?? .null)."
                )
            }
            fields[key] = .string(text)
            times.append(nanos)
        }
        var kind = 0
        if let given = fields["kind"] {
            if let number = given.intValue, (0...5).contains(number) {
                kind = number
            } else if let name = given.stringValue, let number = kindNumbers[name] {
                kind = number
            } else {
                throw OTLPRefusal(message: "\(place).kind must be 0–5 (SPAN_KIND_*), got \(given).")
            }
        }
        fields["kind"] = .integer(kind)
        fields["attributes"] = .array((fields["attributes"]?.arrayValue ?? []).map(normalizedKeyValue))
        fields["events"] = .array(
            (fields["events"]?.arrayValue ?? []).map { event in
                var members = event.objectValue ?? [:]
                if let time = members["timeUnixNano"].flatMap(integerText) { members["timeUnixNano"] = .string(time) }
                members["attributes"] = .array((members["attributes"]?.arrayValue ?? []).map(normalizedKeyValue))
                return .object(members)
            }
        )
        if var status = fields["status"]?.objectValue {
            if let name = status["code"]?.stringValue {
                status["code"] = .integer(["STATUS_CODE_OK": 1, "STATUS_CODE_ERROR": 2][name] ?? 0)
            }
            fields["status"] = .object(status)
        }
        guard let name = fields["name"]?.stringValue else { throw OTLPRefusal(message: "\(place).name is missing.") }
        return make(
            span: .object(fields),
            resource: resource,
            scope: scope,
            traceID: traceID,
            spanID: spanID,
            name: name,
            kind: kind,
            start: times[0],
            end: times[1]
        )
    }

    /// Builds the stored span and its filter attributes from normalised OTLP JSON.
    static func make(
        span: JSONValue,
        resource: JSONValue,
        scope: JSONValue,
        traceID: String,
        spanID: String,
        name: String,
        kind: Int,
        start: UInt64,
        end: UInt64
    ) -> StoredSpan {
        var attributes: [String: String] = [:]
        for pair in (resource["attributes"]?.arrayValue ?? []) + (span["attributes"]?.arrayValue ?? []) {
            guard let key = pair["key"]?.stringValue else { continue }
            attributes[key] = text(pair["value"])
        }
        let isError = span["status"]?["code"]?.intValue == 2
        if isError { attributes["error"] = "true" }
        return StoredSpan(
            resource: resource,
            scope: scope,
            span: span,
            traceID: traceID,
            spanID: spanID,
            name: name,
            service: attributes["service.name"] ?? "unknown_service",
            kind: kind,
            start: start,
            end: end,
            attributes: attributes
        )
    }

    /// An attribute value as Jaeger compares it: its text.
    static func text(_ value: JSONValue?) -> String {
        guard let object = value?.objectValue, let (key, inner) = object.first else { return "" }
        switch key {
        case "stringValue", "intValue", "bytesValue": return inner.stringValue ?? ""
        case "boolValue": return inner.boolValue == true ? "true" : "false"
        case "doubleValue": return inner.doubleValue.map { "\($0)" } ?? ""
        default: return "\(inner)"
        }
    }

    /// A hex id of `bytes` bytes, lowercased. OTLP JSON carries ids as hex; the base64 of the generic protobuf JSON
    /// mapping (what swift-protobuf's `jsonUTF8Bytes` writes, e.g. swift-otel's JSON exporter) is taken too — the two
    /// cannot be confused, a 16-byte id being 32 hex digits or 24 base64 characters.
    static func hexID(_ value: JSONValue?, bytes: Int, field: String) throws(OTLPRefusal) -> String {
        var hex: String?
        if let text = value?.stringValue {
            if text.count == bytes * 2, text.allSatisfy(\.isHexDigit) {
                hex = text.lowercased()
            } else if let data = Data(base64Encoded: text), data.count == bytes {
                hex = data.map { String(format: "%02x", $0) }.joined()
            }
        }
        guard let hex else {
            throw OTLPRefusal(
                message:
                    "\(field) must be \(bytes * 2) hex digits (OTLP JSON encodes ids as hex; base64 of \(bytes) bytes is taken too), got \(value ?? .null)."
            )
        }
        guard hex.contains(where: { $0 != "0" }) else {
            throw OTLPRefusal(message: "\(field) is all zeros, which OTLP forbids.")
        }
        return hex
    }
}
