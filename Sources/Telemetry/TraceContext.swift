public import Instrumentation
import ServiceContextModule
public import Tracing

/// W3C trace context (`traceparent`, `tracestate`) carried in a string map: a CAP job's `env`, HTTP headers.
///
/// Keys are written as the carrier's convention wants them: ``Carrier/environment`` uses the upper-case names of
/// OpenTelemetry's environment-variable carrier (`TRACEPARENT`, `TRACESTATE`), ``Carrier/headers`` the header names.
public enum TraceContextCarrier {
    /// How a map names the fields.
    public enum Carrier: Sendable {
        /// `TRACEPARENT`, `TRACESTATE`, `BAGGAGE`.
        case environment
        /// `traceparent`, `tracestate`, `baggage`.
        case headers
    }

    /// The fields of `context` as `tracer` propagates them, named for `carrier`.
    public static func inject(_ context: ServiceContext, with tracer: any Tracer, as carrier: Carrier)
        -> [String: String]
    {
        var fields: [String: String] = [:]
        tracer.inject(context, into: &fields, using: MapInjector(carrier: carrier))
        return fields
    }

    /// A context whose parent is the span the fields of `map` name (nothing when they name none or are malformed).
    ///
    /// Only the trace fields are handed to the tracer: a tracer may log the carrier it could not read, and a job's
    /// `env` holds more than trace context.
    public static func extract(_ map: [String: String], with tracer: any Tracer, as carrier: Carrier)
        -> ServiceContext
    {
        var fields: [String: String] = [:]
        for name in ["traceparent", "tracestate"] {
            let key = carrier == .environment ? name.uppercased() : name
            if let value = map[key] { fields[key] = value }
        }
        var context = ServiceContext.topLevel
        guard !fields.isEmpty else { return context }
        tracer.extract(fields, into: &context, using: MapExtractor(carrier: carrier))
        return context
    }
}

private struct MapInjector: Injector {
    let carrier: TraceContextCarrier.Carrier
    func inject(_ value: String, forKey key: String, into map: inout [String: String]) {
        map[carrier == .environment ? key.uppercased() : key.lowercased()] = value
    }
}

private struct MapExtractor: Extractor {
    let carrier: TraceContextCarrier.Carrier
    func extract(key: String, from map: [String: String]) -> String? {
        map[carrier == .environment ? key.uppercased() : key.lowercased()]
    }
}

/// A point in time for a span's start or end, from milliseconds since the Unix epoch (the host's timestamps).
public struct EpochInstant: TracerInstant {
    /// Nanoseconds since the Unix epoch.
    public let nanosecondsSinceEpoch: UInt64

    /// The instant `milliseconds` after the epoch.
    public init(milliseconds: Int64) {
        nanosecondsSinceEpoch = UInt64(max(0, milliseconds)) * 1_000_000
    }

    /// The instant `nanoseconds` after the epoch.
    public init(nanoseconds: UInt64) { nanosecondsSinceEpoch = nanoseconds }

    public static func < (lhs: EpochInstant, rhs: EpochInstant) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }
}

/// The span a job runs under and the tracer that made it, for the task running the job: code deep in a worker (the
/// vendor HTTP client) starts its own spans as children without being handed either.
public struct TraceScope: Sendable {
    /// The tracer.
    public let tracer: any Tracer
    /// The context of the enclosing span.
    public let context: ServiceContext

    /// A scope under the span whose context is `context`.
    public init(tracer: any Tracer, context: ServiceContext) {
        self.tracer = tracer
        self.context = context
    }

    /// The scope of the running task, if it runs under one.
    @TaskLocal public static var current: TraceScope?
}
