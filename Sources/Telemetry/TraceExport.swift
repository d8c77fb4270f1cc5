public import Foundation
public import Logging
import OTel
import ServiceLifecycle
public import Tracing

/// Where and how a process exports its spans: OTLP over HTTP to an OpenTelemetry collector or any backend that takes
/// OTLP (Jaeger, Tempo, ...).
public struct TraceExportSettings: Sendable, Equatable {
    /// OTLP's wire formats over HTTP.
    public enum WireFormat: String, Sendable, CaseIterable {
        /// `application/x-protobuf` (the OpenTelemetry default).
        case protobuf = "http/protobuf"
        /// `application/json`.
        case json = "http/json"
    }

    /// The URL spans are posted to (`…/v1/traces`).
    public var tracesURL: URL
    /// The `service.name` resource attribute.
    public var serviceName: String
    /// More resource attributes (`service.version`, `deployment.environment`, ...).
    public var resourceAttributes: [String: String]
    /// The wire format.
    public var wireFormat: WireFormat
    /// How long finished spans may wait to be sent in a batch.
    public var scheduleDelay: Duration

    /// Settings for `serviceName`, sending to `endpoint`.
    ///
    /// - Parameter endpoint: the collector's base URL (`http://collector:4318`), to which `/v1/traces` is added as
    ///   `OTEL_EXPORTER_OTLP_ENDPOINT` has it, or a URL that already ends in `/v1/traces`.
    /// - Throws: ``TraceExportError/invalidEndpoint(_:)`` for anything but an absolute `http` or `https` URL.
    public init(
        endpoint: String,
        serviceName: String,
        resourceAttributes: [String: String] = [:],
        wireFormat: WireFormat = .protobuf,
        scheduleDelay: Duration = .seconds(1)
    ) throws(TraceExportError) {
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(),
            ["http", "https"].contains(scheme),
            url.host?.isEmpty == false
        else { throw .invalidEndpoint(endpoint) }
        if url.path.hasSuffix("/v1/traces") {
            tracesURL = url
        } else {
            let trimmed = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
            tracesURL = URL(string: trimmed + "/v1/traces") ?? url
        }
        self.serviceName = serviceName
        self.resourceAttributes = resourceAttributes
        self.wireFormat = wireFormat
        self.scheduleDelay = scheduleDelay
    }

    /// The settings the standard environment asks for, or nil when it asks for none: `OTEL_EXPORTER_OTLP_ENDPOINT`
    /// or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` set and `OTEL_SDK_DISABLED` not `true`. `OTEL_SERVICE_NAME` names the
    /// service (else `defaultServiceName`); the other `OTEL_*` variables are read by the exporter itself.
    public static func fromEnvironment(
        _ environment: [String: String],
        defaultServiceName: String
    ) throws(TraceExportError) -> TraceExportSettings? {
        if environment["OTEL_SDK_DISABLED"]?.lowercased() == "true" { return nil }
        let service = environment["OTEL_SERVICE_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultServiceName
        if let traces = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"], !traces.isEmpty {
            // The signal's own variable is the full URL, used as it is.
            guard let url = URL(string: traces), url.scheme != nil else { throw .invalidEndpoint(traces) }
            var settings = try TraceExportSettings(endpoint: traces, serviceName: service)
            settings.tracesURL = url
            return settings
        }
        guard let base = environment["OTEL_EXPORTER_OTLP_ENDPOINT"], !base.isEmpty else { return nil }
        return try TraceExportSettings(endpoint: base, serviceName: service)
    }
}

/// Why trace export could not start.
public enum TraceExportError: Error, Equatable, CustomStringConvertible {
    /// The endpoint is not an absolute `http`/`https` URL.
    case invalidEndpoint(String)
    /// The exporter refused its configuration.
    case exporter(String)

    public var description: String {
        switch self {
        case .invalidEndpoint(let value):
            "the OTLP endpoint \"\(value)\" is not an absolute http or https URL (for example http://127.0.0.1:4318)"
        case .exporter(let reason): "the OTLP trace exporter did not start: \(reason)"
        }
    }
}

/// A running OTLP/HTTP span exporter (swift-otel's batch processor and exporter) and the tracer that feeds it.
///
/// The tracer is handed to whoever makes spans; nothing is bootstrapped process-wide, so several hosts or workers in
/// one process (the tests) each export on their own. ``shutdown()`` sends what is still batched.
public final class TraceExport: Sendable {
    /// The tracer whose finished spans are exported.
    public let tracer: any Tracer
    /// The settings it runs with.
    public let settings: TraceExportSettings
    private let group: ServiceGroup
    private let running: Task<Void, Never>

    /// Starts exporting with `settings`.
    public init(_ settings: TraceExportSettings, logger: Logger = Logger(label: "cordum.telemetry"))
        throws(TraceExportError)
    {
        var configuration = OTel.Configuration.default
        configuration.serviceName = settings.serviceName
        configuration.resourceAttributes = settings.resourceAttributes
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.enabled = true
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.endpoint = settings.tracesURL.absoluteString
        configuration.traces.otlpExporter.protocol = settings.wireFormat == .json ? .httpJSON : .httpProtobuf
        configuration.traces.batchSpanProcessor.scheduleDelay = settings.scheduleDelay
        configuration.diagnosticLogger = .custom(logger)
        configuration.diagnosticLogLevel = .warning
        configuration.propagators = [.traceContext]
        let backend: (factory: any Tracer, service: any Service)
        do {
            let made = try OTel.makeTracingBackend(configuration: configuration)
            backend = (made.factory, made.service)
        } catch {
            throw .exporter(String(describing: error))
        }
        tracer = backend.factory
        self.settings = settings
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: backend.service)], logger: logger)
        )
        self.group = group
        running = Task { try? await group.run() }
    }

    /// Sends the spans still batched and stops.
    public func shutdown() async {
        await group.triggerGracefulShutdown()
        await running.value
    }
}
