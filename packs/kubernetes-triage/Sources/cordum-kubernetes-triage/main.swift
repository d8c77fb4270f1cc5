import Foundation
import KubernetesTriageWorker
import WorkerKit

// cordum-kubernetes-triage: the kubernetes-triage pack's worker over CAP. Configuration:
// packs/kubernetes-triage/README.md and docs/workerkit.md.
do {
    let environment = ProcessInfo.processInfo.environment
    let configuration = try WorkerConfiguration(packID: "kubernetes-triage", environment: environment)
    let kubernetes = try KubernetesConfiguration(environment: environment, secrets: configuration.secrets)
    try await KubernetesTriageWorker.make(configuration: kubernetes).run(configuration: configuration)
} catch {
    FileHandle.standardError.write(Data("cordum-kubernetes-triage: \(error)\n".utf8))
    exit(2)
}
