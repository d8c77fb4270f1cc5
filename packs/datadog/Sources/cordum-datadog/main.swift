import DatadogWorker
import Foundation
import WorkerKit

// cordum-datadog: the datadog pack's worker over CAP. Configuration: packs/datadog/README.md and docs/workerkit.md.
do {
    let environment = ProcessInfo.processInfo.environment
    let configuration = try WorkerConfiguration(packID: "datadog", environment: environment)
    let datadog = try DatadogConfiguration(environment: environment, secrets: configuration.secrets)
    try await DatadogWorker.make(configuration: datadog).run(configuration: configuration)
} catch {
    FileHandle.standardError.write(Data("cordum-datadog: \(error)\n".utf8))
    exit(2)
}
