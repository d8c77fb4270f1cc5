import Foundation
import SentryWorker
import WorkerKit

// cordum-sentry: the Sentry pack's worker over CAP. Configuration: packs/sentry/README.md and docs/workerkit.md.
do {
    let environment = ProcessInfo.processInfo.environment
    let configuration = try WorkerConfiguration(packID: "sentry", environment: environment)
    let sentry = try SentryConfiguration(environment: environment, secrets: configuration.secrets)
    try await SentryWorker.make(configuration: sentry).run(configuration: configuration)
} catch {
    FileHandle.standardError.write(Data("cordum-sentry: \(error)\n".utf8))
    exit(2)
}
