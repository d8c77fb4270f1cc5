import Foundation
import OpenTelemetryWorker
import WorkerKit

// cordum-opentelemetry: the opentelemetry pack's worker over CAP. Configuration: packs/opentelemetry/README.md and
// docs/workerkit.md.
do {
    let environment = ProcessInfo.processInfo.environment
    let configuration = try WorkerConfiguration(packID: "opentelemetry", environment: environment)
    let otel = try OpenTelemetryConfiguration(environment: environment, secrets: configuration.secrets)
    try await OpenTelemetryWorker.make(configuration: otel).run(configuration: configuration)
} catch {
    FileHandle.standardError.write(Data("cordum-opentelemetry: \(error)\n".utf8))
    exit(2)
}
