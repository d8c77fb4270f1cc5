import Foundation
import SlackWorker
import WorkerKit

// cordum-slack: the Slack pack's worker over CAP. Configuration: packs/slack/README.md and docs/workerkit.md.
do {
    let environment = ProcessInfo.processInfo.environment
    let configuration = try WorkerConfiguration(packID: "slack", environment: environment)
    let slack = try SlackConfiguration(environment: environment, secrets: configuration.secrets)
    try await SlackWorker.make(configuration: slack).run(configuration: configuration)
} catch {
    FileHandle.standardError.write(Data("cordum-slack: \(error)\n".utf8))
    exit(2)
}
