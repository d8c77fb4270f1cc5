public import WorkerKit

extension GitHubWorker {
    /// The github worker for packctl's built-in registry: configured from `CORDUM_GITHUB_*` settings (the
    /// emulator's, in `packctl dev`), so it runs only when some are set.
    public static let registration = WorkerRegistration(packID: GitHubConfiguration.packID, needsSettings: true) {
        settings in
        make(configuration: try GitHubConfiguration(environment: settings))
    }
}
