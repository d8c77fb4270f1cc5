import ArgumentParser
import Foundation
import Telemetry

/// `--otlp-endpoint`: where `serve` and `dev` export runs as traces.
struct TraceOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Export every run as an OpenTelemetry trace to this OTLP/HTTP collector (http://HOST:4318; default: OTEL_EXPORTER_OTLP_ENDPOINT).",
            discussion:
                "The run, its steps, jobs, policy decisions and approval waits become spans; workers receive the job span's TRACEPARENT so their spans join the trace. OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_PROTOCOL (http/protobuf or http/json) and OTEL_EXPORTER_OTLP_HEADERS are honoured.",
            valueName: "url"
        )
    )
    var otlpEndpoint: String?

    /// The exporter the option or the environment asks for, started; nil when neither asks for one.
    func start(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TraceExport? {
        let settings: TraceExportSettings?
        do {
            if let otlpEndpoint {
                let service = environment["OTEL_SERVICE_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "cordum-packhost"
                settings = try TraceExportSettings(endpoint: otlpEndpoint, serviceName: service)
            } else {
                settings = try TraceExportSettings.fromEnvironment(environment, defaultServiceName: "cordum-packhost")
            }
        } catch {
            throw ValidationError("--otlp-endpoint: \(error.description)")
        }
        guard let settings else { return nil }
        do {
            let export = try TraceExport(settings)
            printFlushed("exporting runs as traces to \(settings.tracesURL.absoluteString)")
            return export
        } catch {
            throw ValidationError("--otlp-endpoint: \(error.description)")
        }
    }
}
