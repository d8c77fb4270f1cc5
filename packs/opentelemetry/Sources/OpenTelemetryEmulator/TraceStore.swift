public import StructuredData

/// One span as the emulator stores it: the OTLP JSON of the span (hex ids, 64-bit integers as strings) with the
/// resource and instrumentation scope it came with, plus what the query API filters on.
public struct StoredSpan: Sendable {
    /// The resource (`{"attributes": [...]}`), as OTLP JSON.
    public var resource: JSONValue
    /// The instrumentation scope (`{"name", "version"}`), as OTLP JSON.
    public var scope: JSONValue
    /// The span, as OTLP JSON.
    public var span: JSONValue
    /// 32 lowercase hex digits.
    public var traceID: String
    /// 16 lowercase hex digits.
    public var spanID: String
    /// The span's name (Jaeger's operation).
    public var name: String
    /// The resource's `service.name` (`unknown_service` when it has none).
    public var service: String
    /// OTLP's span kind number (0 unspecified … 5 consumer).
    public var kind: Int
    /// Start and end, Unix nanoseconds.
    public var start: UInt64
    public var end: UInt64
    /// Span and resource attributes as text, for `query.attributes` (`error` is `true` for a span in error).
    public var attributes: [String: String]

    /// The duration in nanoseconds.
    public var duration: UInt64 { end >= start ? end - start : 0 }
}

/// The emulated tracing backend: every span received, in arrival order, and the credentials the query API accepts.
public struct TraceStore: Sendable {
    /// The spans.
    public var spans: [StoredSpan] = []
    /// Accepted `Authorization` values of the query API; empty accepts any request. OTLP ingest takes none.
    public var authorizations: Set<String> = []
    /// The most spans kept; the oldest are dropped beyond it.
    public var capacity = 100_000
    /// Answer `GET /api/v3/traces` as one chunk per trace (grpc-gateway's stream form) instead of one object.
    public var streamChunks = false

    public init() {}

    /// Adds spans, dropping the oldest beyond ``capacity``; a span id seen again in the same trace replaces it.
    public mutating func add(_ new: [StoredSpan]) {
        for span in new {
            if let index = spans.firstIndex(where: { $0.traceID == span.traceID && $0.spanID == span.spanID }) {
                spans[index] = span
            } else {
                spans.append(span)
            }
        }
        if spans.count > capacity { spans.removeFirst(spans.count - capacity) }
    }

    /// The spans of a trace, in arrival order.
    public func trace(_ id: String) -> [StoredSpan] { spans.filter { $0.traceID == id } }

    /// Jaeger's names of OTLP span kinds.
    public static let kindNames = ["", "internal", "server", "client", "producer", "consumer"]

    /// The spans as OTLP `TracesData` JSON: grouped by resource, then scope, in arrival order.
    public static func tracesData(_ spans: [StoredSpan]) -> JSONValue {
        var resources: [(JSONValue, [(JSONValue, [JSONValue])])] = []
        for span in spans {
            if let r = resources.firstIndex(where: { $0.0 == span.resource }) {
                if let s = resources[r].1.firstIndex(where: { $0.0 == span.scope }) {
                    resources[r].1[s].1.append(span.span)
                } else {
                    resources[r].1.append((span.scope, [span.span]))
                }
            } else {
                resources.append((span.resource, [(span.scope, [span.span])]))
            }
        }
        return [
            "resourceSpans": .array(
                resources.map { resource, scopes in
                    [
                        "resource": resource,
                        "scopeSpans": .array(scopes.map { ["scope": $0.0, "spans": .array($0.1)] }),
                    ]
                }
            )
        ]
    }
}
