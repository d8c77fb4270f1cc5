import Foundation
import Logging
import SlackWorker
import WorkerKit

// cordum-slack: the Slack pack's worker over CAP, and — when configured — the approval buttons beside it (the
// host's approval events posted to Slack, the interactivity listener deciding them). Configuration:
// packs/slack/README.md and docs/workerkit.md.
do {
    let environment = ProcessInfo.processInfo.environment
    let configuration = try WorkerConfiguration(packID: "slack", environment: environment)
    let slack = try SlackConfiguration(environment: environment, secrets: configuration.secrets)
    let approvals = try SlackApprovals(
        configuration: slack,
        environment: environment,
        secrets: configuration.secrets,
        logger: Logger(label: "cordum.slack.approvals")
    )
    let worker = SlackWorker.make(configuration: slack)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await worker.run(configuration: configuration) }
        if let approvals { group.addTask { try await approvals.run() } }
        // The worker stopping (a signal, or a failure) stops the approvals too.
        try await group.next()
        group.cancelAll()
    }
} catch {
    FileHandle.standardError.write(Data("cordum-slack: \(error)\n".utf8))
    exit(2)
}
