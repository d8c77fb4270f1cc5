public import Logging
import ServiceLifecycle
import UnixSignals

extension Worker {
    /// Runs this worker over CAP until SIGTERM or SIGINT, then drains: what a `cordum-<pack>` executable calls.
    /// - Parameters:
    ///   - configuration: Built by the executable, usually with
    ///     ``WorkerConfiguration/init(packID:environment:secretVariables:)``.
    ///   - logger: The logger.
    public func run(configuration: WorkerConfiguration, logger: Logger? = nil) async throws {
        let logger = logger ?? Logger(label: "cordum.\(packID)")
        let service = CAPWorker(worker: self, configuration: configuration, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [service],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
