public import WorkerKit

extension DatadogWorker {
    /// The datadog worker for packctl's built-in registry: configured from `CORDUM_DATADOG_*` settings (the
    /// emulator's, in `packctl dev`), so it runs only when some are set. The worker comes with its configuration's
    /// secrets, which the in-process host scrubs from what it reports.
    public static let registration = WorkerRegistration(
        packID: DatadogConfiguration.packID,
        needsSettings: true
    ) { (settings: [String: String]) throws -> MadeWorker in
        let configuration = try DatadogConfiguration(environment: settings)
        return MadeWorker(try make(configuration: configuration), secrets: configuration.settings.secrets)
    }
}
