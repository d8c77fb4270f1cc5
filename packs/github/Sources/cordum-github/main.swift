import Foundation
import GitHubWorker
import WorkerKit

// cordum-github: the GitHub pack's worker over CAP. Configuration: packs/github/README.md and docs/workerkit.md.
do {
    let environment = ProcessInfo.processInfo.environment
    let configuration = try WorkerConfiguration(packID: "github", environment: environment)
    let github = try GitHubConfiguration(environment: environment, secrets: configuration.secrets)
    try await GitHubWorker.make(configuration: github).run(configuration: configuration)
} catch {
    FileHandle.standardError.write(Data("cordum-github: \(error)\n".utf8))
    exit(2)
}
