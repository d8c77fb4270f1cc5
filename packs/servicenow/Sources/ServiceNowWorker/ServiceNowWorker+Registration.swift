public import WorkerKit

extension ServiceNowWorker {
    /// The servicenow worker for packctl's built-in registry: configured from `CORDUM_SERVICENOW_*` settings (the
    /// emulator's, in `packctl dev`), so it runs only when some are set.
    public static let registration = WorkerRegistration(
        packID: ServiceNowConfiguration.packID,
        needsSettings: true
    ) { (settings: [String: String]) throws -> MadeWorker in
        let configuration = try ServiceNowConfiguration(environment: settings)
        return MadeWorker(try make(configuration: configuration), secrets: configuration.settings.secrets)
    }
}
