public import WorkerKit

extension GitHubWorker {
    /// The github worker for packctl's built-in registry: configured from `CORDUM_GITHUB_*` settings (the
    /// emulator's, in `packctl dev`), so it runs only when some are set.
    /// The worker comes with its configuration's secrets, which the in-process host scrubs from what it reports.
    public static let registration = WorkerRegistration(
        packID: GitHubConfiguration.packID,
        needsSettings: true
    ) { (settings: [String: String]) throws -> MadeWorker in
        let configuration = try GitHubConfiguration(environment: settings)
        return MadeWorker(make(configuration: configuration), secrets: configuration.settings.secrets)
    }
}
