public import EmulatorKit

extension GitHubEmulator {
    /// The GitHub emulator for packctl's built-in registry: the demo world (``GitHubDemo``), and the settings that
    /// point the github worker at it with the demo token (every action allowed, merges by name; deletes not).
    public static let registration = EmulatorRegistration(packID: "github") { port in
        let emulator = try await GitHubEmulator.start(Configuration(port: port))
        return RunningEmulator(
            baseURL: emulator.baseURL,
            workerSettings: [
                "CORDUM_GITHUB_BASE_URL": emulator.baseURL,
                "CORDUM_GITHUB_TOKEN": GitHubDemo.token,
                "CORDUM_GITHUB_ALLOW_ACTIONS": "*,pulls.merge",
            ],
            demo: "demo repository \(GitHubDemo.repo)",
            stop: { await emulator.stop() }
        )
    }
}
