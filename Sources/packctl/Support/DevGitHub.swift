import Foundation
import GitHubEmulator
import GitHubWorker
import PackHost
import WorkerKit

/// `packctl dev`'s offline GitHub: the GitHub emulator with its demo repository (`acme/widgets`) on loopback, the
/// GitHub worker pointed at it with the emulator's demo token (merges enabled by name, deletes not), and the github
/// pack installed from its folder — so the github workflows run end to end with no network.
struct DevGitHub: Sendable {
    /// The running emulator.
    let emulator: GitHubEmulator
    /// The worker's configuration (one profile on the emulator).
    let configuration: GitHubConfiguration

    /// Where `packctl dev` looks for the pack, relative to the working directory (the repository root).
    static let defaultPackPath = "packs/github/pack"

    /// Starts the emulator with its demo seed on 127.0.0.1 and configures the worker for it.
    /// - Parameter port: the emulator's port (0 picks a free one).
    static func start(port: Int = 0) async throws -> DevGitHub {
        let emulator = try await GitHubEmulator.start(GitHubEmulator.Configuration(port: port))
        do {
            let configuration = try GitHubConfiguration(environment: [
                "CORDUM_GITHUB_BASE_URL": emulator.baseURL,
                "CORDUM_GITHUB_TOKEN": GitHubDemo.token,
                "CORDUM_GITHUB_ALLOW_ACTIONS": "*,pulls.merge",
            ])
            return DevGitHub(emulator: emulator, configuration: configuration)
        } catch {
            await emulator.stop()
            throw error
        }
    }

    /// The built-in worker factory for the github pack (``BuiltInWorkers``).
    /// The worker scrubs the demo token (and every credential its configuration registered) from what it returns.
    var factories: [String: BuiltInWorkers.Factory] {
        let configuration = configuration
        return [
            GitHubConfiguration.packID: {
                BuiltInWorker(GitHubWorker.make(configuration: configuration), secrets: configuration.settings.secrets)
            }
        ]
    }

    /// Installs (or upgrades to) the github pack from `path` unless that exact version is already installed, and
    /// reloads governance. A missing folder is reported and skipped: `packctl install` can add the pack later.
    func install(packPath path: String, into services: HostServices) async throws(HostError) {
        guard FileManager.default.fileExists(atPath: path) else {
            printError("warning: no github pack at \(path); install it with packctl install --host URL PACK")
            return
        }
        let result = try services.installer.install(
            path: path,
            options: InstallOptions(upgrade: true, principal: "packctl-dev")
        )
        if result.applied { try await services.configurationChanged() }
        printFlushed(
            "github: emulator on \(emulator.baseURL) (demo repository \(GitHubDemo.repo)); pack github "
                + (result.applied ? "installed" : "already installed")
        )
    }

    /// Stops the emulator.
    func stop() async {
        await emulator.stop()
    }
}
