import Foundation
import Logging
import MSTeamsWorker
import WorkerKit

// cordum-msteams: the Microsoft Teams pack's worker over CAP, and — when configured — the approval cards beside it
// (the host's approval events posted to Teams as Adaptive Cards, the Bot Framework activity receiver deciding
// them). Configuration: packs/msteams/README.md and docs/workerkit.md.
do {
    let environment = ProcessInfo.processInfo.environment
    let configuration = try WorkerConfiguration(packID: "msteams", environment: environment)
    let teams = try MSTeamsConfiguration(environment: environment, secrets: configuration.secrets)
    let approvals = try TeamsApprovals(
        configuration: teams,
        environment: environment,
        secrets: configuration.secrets,
        logger: Logger(label: "cordum.msteams.approvals")
    )
    let worker = MSTeamsWorker.make(configuration: teams)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await worker.run(configuration: configuration) }
        if let approvals { group.addTask { try await approvals.run() } }
        // The worker stopping (a signal, or a failure) stops the approvals too.
        try await group.next()
        group.cancelAll()
    }
} catch {
    FileHandle.standardError.write(Data("cordum-msteams: \(error)\n".utf8))
    exit(2)
}
