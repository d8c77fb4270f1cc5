import Foundation
import PrometheusQueryWorker
import WorkerKit

// cordum-prometheus-query: the prometheus-query pack's worker over CAP. Configuration:
// packs/prometheus-query/README.md and docs/workerkit.md.
do {
    let environment = ProcessInfo.processInfo.environment
    let configuration = try WorkerConfiguration(packID: "prometheus-query", environment: environment)
    let prometheus = try PrometheusQueryConfiguration(environment: environment, secrets: configuration.secrets)
    try await PrometheusQueryWorker.make(configuration: prometheus).run(configuration: configuration)
} catch {
    FileHandle.standardError.write(Data("cordum-prometheus-query: \(error)\n".utf8))
    exit(2)
}
