public import WorkerKit

extension OpenTelemetryWorker {
    /// The opentelemetry worker for packctl's built-in registry: configured from `CORDUM_OPENTELEMETRY_*` settings
    /// (the emulator's, in `packctl dev`), so it runs only when some are set. The worker comes with its
    /// configuration's secrets, which the in-process host scrubs from what it reports.
    public static let registration = WorkerRegistration(
        packID: OpenTelemetryConfiguration.packID,
        needsSettings: true
    ) { (settings: [String: String]) throws -> MadeWorker in
        let configuration = try OpenTelemetryConfiguration(environment: settings)
        return MadeWorker(try make(configuration: configuration), secrets: configuration.settings.secrets)
    }
}
