public import StructuredData

/// One span of a trace, read from OTLP JSON (`TracesData`): ids, names, times in Unix nanoseconds, the status, the
/// exception events and the span's and resource's attributes as text.
public struct TraceSpan: Sendable, Hashable {
    /// Hex ids; `parentID` is empty for a root.
    public var traceID: String
    public var spanID: String
    public var parentID: String
    /// The span's name and the resource's `service.name`.
    public var name: String
    public var service: String
    /// Unix nanoseconds.
    public var start: UInt64
    public var end: UInt64
    /// Whether its status is ERROR or it recorded an exception.
    public var failed: Bool
    /// The status message, else the first exception's `exception.message`.
    public var errorMessage: String
    /// The first exception's `exception.type`.
    public var exceptionType: String
    /// Span attributes (after the resource's, which they override), as text.
    public var attributes: [String: String]

    /// The duration in nanoseconds.
    public var duration: UInt64 { end > start ? end - start : 0 }

    /// A span.
    /// - Parameters:
    ///   - traceID: The trace id (hex).
    ///   - spanID: The span id (hex).
    ///   - parentID: The parent's id; empty for a root.
    ///   - name: The span's name.
    ///   - service: The resource's `service.name`.
    ///   - start: Unix nanoseconds.
    ///   - end: Unix nanoseconds.
    ///   - failed: Whether it is in error.
    ///   - errorMessage: The status message or exception message.
    ///   - exceptionType: The exception's type.
    ///   - attributes: Attributes as text.
    public init(
        traceID: String,
        spanID: String,
        parentID: String,
        name: String,
        service: String,
        start: UInt64,
        end: UInt64,
        failed: Bool,
        errorMessage: String,
        exceptionType: String,
        attributes: [String: String]
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentID = parentID
        self.name = name
        self.service = service
        self.start = start
        self.end = end
        self.failed = failed
        self.errorMessage = errorMessage
        self.exceptionType = exceptionType
        self.attributes = attributes
    }
}

/// The spans of one or more traces, parsed from a `TracesData` answer.
public enum TraceModel {
    /// Every span of `data` (`{"resourceSpans": [...]}`), in the answer's order; spans without ids are skipped.
    public static func spans(_ data: JSONValue?) -> [TraceSpan] {
        var out: [TraceSpan] = []
        for resourceSpans in data?["resourceSpans"]?.arrayValue ?? [] {
            let resource = attributes(resourceSpans["resource"]?["attributes"])
            let service = resource["service.name"] ?? "unknown_service"
            for scopeSpans in resourceSpans["scopeSpans"]?.arrayValue ?? [] {
                for span in scopeSpans["spans"]?.arrayValue ?? [] {
                    guard let traceID = span["traceId"]?.stringValue, let spanID = span["spanId"]?.stringValue else {
                        continue
                    }
                    let exception = (span["events"]?.arrayValue ?? []).first { $0["name"]?.stringValue == "exception" }
                    let exceptionAttributes = attributes(exception?["attributes"])
                    let statusError = span["status"]?["code"].flatMap(statusCode) == 2
                    var own = resource
                    for (key, value) in attributes(span["attributes"]) { own[key] = value }
                    out.append(
                        TraceSpan(
                            traceID: traceID.lowercased(),
                            spanID: spanID.lowercased(),
                            parentID: (span["parentSpanId"]?.stringValue ?? "").lowercased(),
                            name: span["name"]?.stringValue ?? "",
                            service: service,
                            start: nanos(span["startTimeUnixNano"]),
                            end: nanos(span["endTimeUnixNano"]),
                            failed: statusError || exception != nil,
                            errorMessage: nonEmpty(span["status"]?["message"]?.stringValue)
                                ?? exceptionAttributes["exception.message"] ?? "",
                            exceptionType: exceptionAttributes["exception.type"] ?? "",
                            attributes: own
                        )
                    )
                }
            }
        }
        return out
    }

    /// The spans grouped by trace id, each group in the answer's order; traces in order of first appearance.
    public static func traces(_ data: JSONValue?) -> [[TraceSpan]] {
        var order: [String] = []
        var groups: [String: [TraceSpan]] = [:]
        for span in spans(data) {
            if groups[span.traceID] == nil { order.append(span.traceID) }
            groups[span.traceID, default: []].append(span)
        }
        return order.map { groups[$0] ?? [] }
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    static func statusCode(_ value: JSONValue) -> Int? {
        if let number = value.intValue { return number }
        return ["STATUS_CODE_UNSET": 0, "STATUS_CODE_OK": 1, "STATUS_CODE_ERROR": 2][value.stringValue ?? ""]
    }

    static func nanos(_ value: JSONValue?) -> UInt64 {
        if let text = value?.stringValue { return UInt64(text) ?? 0 }
        if let number = value?.intValue, number >= 0 { return UInt64(number) }
        if let number = value?.doubleValue, number >= 0, number < 1.8e19 { return UInt64(number) }
        return 0
    }

    /// OTLP `KeyValue`s as text.
    static func attributes(_ list: JSONValue?) -> [String: String] {
        var out: [String: String] = [:]
        for pair in list?.arrayValue ?? [] {
            guard let key = pair["key"]?.stringValue else { continue }
            out[key] = text(pair["value"])
        }
        return out
    }

    static func text(_ value: JSONValue?) -> String {
        guard let object = value?.objectValue, let (key, inner) = object.first else { return "" }
        switch key {
        case "stringValue", "bytesValue": return inner.stringValue ?? ""
        case "intValue": return inner.stringValue ?? inner.intValue.map(String.init) ?? ""
        case "boolValue": return inner.boolValue == true ? "true" : "false"
        case "doubleValue": return inner.doubleValue.map { "\($0)" } ?? ""
        default: return JSONEncoding.compact(inner)
        }
    }
}
