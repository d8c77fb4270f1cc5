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
    let worker = MSTeamsWorker.make(configuration: teams)
    try await worker.run(configuration: configuration)
} catch {
    FileHandle.standardError.write(Data("cordum-msteams: \(error)\n".utf8))
    exit(2)
}
