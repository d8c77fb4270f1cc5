import Foundation
public import Logging
import ServiceLifecycle
import Telemetry
import UnixSignals

extension Worker {
    /// Runs this worker over CAP until SIGTERM or SIGINT, then drains: what a `cordum-<pack>` executable calls.
    /// When `configuration.metricsAddress` is set, `/metrics` is served there from a new ``PrometheusExporter``
    /// that records this worker's metrics.
    /// - Parameters:
    ///   - configuration: Built by the executable, usually with
    ///     ``WorkerConfiguration/init(packID:environment:secretVariables:)``.
    ///   - logger: The logger.
    public func run(configuration: WorkerConfiguration, logger: Logger? = nil) async throws {
        try await run(configuration: configuration, logger: logger, exporter: nil)
    }

    /// Runs this worker over CAP until SIGTERM or SIGINT, then drains; with `configuration.metricsAddress` set,
    /// `/metrics` serves `exporter` (the executable bootstrapped `MetricsSystem` with it), or, when `exporter` is
    /// `nil`, a new exporter that records this worker's metrics.
    /// - Parameters:
    ///   - configuration: The configuration.
    ///   - logger: The logger.
    ///   - exporter: The registry to serve.
    public func run(configuration: WorkerConfiguration, logger: Logger?, exporter: PrometheusExporter?) async throws {
        let logger = (logger ?? Logger(label: "cordum.\(packID)")).scrubbingSecrets(configuration.secrets)
        var worker = self
        var services: [any Service] = []
        if let address = configuration.metricsAddress {
            let served: PrometheusExporter
            if let exporter {
                served = exporter
            } else {
                served = PrometheusExporter()
                worker.metrics = WorkerMetrics(factory: served.factory)
            }
            services.append(try MetricsHTTPServer(exporter: served, address: address, logger: logger))
        }
        let traces = Self.traceExport(packID: packID, logger: logger)
        if let traces { worker.tracer = traces.tracer }
        let capWorker = CAPWorker(worker: worker, configuration: configuration, logger: logger)
        // When the worker has drained, the group (and the metrics server) stops too.
        let workerService = ServiceGroupConfiguration.ServiceConfiguration(
            service: capWorker,
            successTerminationBehavior: .gracefullyShutdownGroup,
            failureTerminationBehavior: .gracefullyShutdownGroup
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [workerService]
                    + services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch {
            await traces?.shutdown()
            throw error
        }
        await traces?.shutdown()
    }

    /// The OTLP exporter the standard environment asks for (`OTEL_EXPORTER_OTLP_ENDPOINT`, service name
    /// `cordum-<pack>` unless `OTEL_SERVICE_NAME` says otherwise); a bad endpoint is logged and the worker runs
    /// without traces rather than not at all.
    static func traceExport(packID: String, logger: Logger) -> TraceExport? {
        do {
            guard
                let settings = try TraceExportSettings.fromEnvironment(
                    ProcessInfo.processInfo.environment,
                    defaultServiceName: "cordum-\(packID)"
                )
            else { return nil }
            let export = try TraceExport(settings, logger: logger)
            logger.info("exporting traces", metadata: ["otlp_traces_url": "\(settings.tracesURL.absoluteString)"])
            return export
        } catch {
            logger.warning("traces are not exported: \(error.description)")
            return nil
        }
    }
}
