import EmulatorKit
import Foundation
import KubernetesTriageEmulator
import PackTesting
import ServerTesting
import StructuredData
import Testing

/// kubectl, the reference client, pointed at the emulator through a generated kubeconfig: get, logs, describe,
/// rollout status and rollout restart work as against a cluster.
@Suite("kubectl against the emulator")
struct KubectlTests {
    static let kubectlPath: String? = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs kubectl with the cluster's kubeconfig (TLS verified against its CA) and a private discovery cache.
    func kubectl(_ arguments: [String], _ cluster: TLSCluster) async -> ChildProcess.Finished {
        await ChildProcess.run(
            Self.kubectlPath ?? "kubectl",
            ["--kubeconfig", cluster.kubeconfig, "--cache-dir", cluster.folder.appendingPathComponent("cache").path]
                + arguments,
            environment: ["HOME": cluster.folder.path, "PATH": "/usr/bin:/bin"],
            timeout: .seconds(120)
        )
    }

    @Test("kubectl get pods, logs and describe pod", .enabled(if: kubectlPath != nil, "kubectl is not installed"))
    func reads() async throws {
        try await TLSCluster.withCluster { cluster in
            let pods = await kubectl(["get", "pods", "-l", "app=payments"], cluster)
            #expect(pods.exitCode == 0, "\(pods.output)")
            #expect(pods.stdout.contains("payments-6b7c8d9e0-fghij"))
            let logs = await kubectl(["logs", "payments-6b7c8d9e0-fghij", "--tail=1"], cluster)
            #expect(logs.exitCode == 0, "\(logs.output)")
            #expect(logs.stdout.contains("connection refused"))
            let describe = await kubectl(["describe", "pod", "payments-6b7c8d9e0-fghij"], cluster)
            #expect(describe.exitCode == 0, "\(describe.output)")
            #expect(describe.stdout.contains("CrashLoopBackOff"))
            #expect(describe.stdout.contains("BackOff"))
        }
    }

    @Test("kubectl rollout restart, then rollout status", .enabled(if: kubectlPath != nil, "kubectl is not installed"))
    func rollout() async throws {
        try await TLSCluster.withCluster { cluster in
            let emulator = cluster.emulator
            let restart = await kubectl(["rollout", "restart", "deployment/payments"], cluster)
            #expect(restart.exitCode == 0, "\(restart.output)")
            #expect(restart.stdout.contains("restarted"))
            let annotations = emulator.state.withLock {
                $0.objects["deployments"]?["shop/payments"]?["spec"]?["template"]?["metadata"]?["annotations"]
            }
            #expect(annotations?["kubectl.kubernetes.io/restartedAt"] != nil)
            let status = await kubectl(["rollout", "status", "deployment/payments", "--timeout=60s"], cluster)
            #expect(status.exitCode == 0, "\(status.output)")
            #expect(status.stdout.contains("successfully rolled out"))
        }
    }
}
