import EmulatorKit
import Foundation
import KubernetesTriageEmulator
import KubernetesTriageWorker
import PackHost
import PackTesting
import ServerTesting
import StructuredData
import Testing
import WorkflowEngine

/// The pack's reference workflows on the host with the worker in-process and the emulator's cluster at hand.
@Suite("Kubernetes triage workflows")
struct KubernetesWorkflowTests {
    func withRig(_ body: (PackRig, Emulator<SeededState<KubernetesWorld>>) async throws -> Void) async throws {
        let pack = try PackUnderTest(
            id: "kubernetes-triage",
            worker: KubernetesTriageWorker.registration,
            emulator: nil
        )
        let emulator = try await Emulator.start(try KubernetesTriageEmulator.definition(), port: 0)
        try await withPackRig(pack, PackRigOptions(emulator: emulator.running)) { rig in
            try await body(rig, emulator)
        }
    }

    @Test("rollout.restart restarts once after one approval, under its lock, and waits for the rollout")
    func restart() async throws {
        try await withRig { rig, emulator in
            let input: JSONValue = ["namespace": "shop", "deployment": "payments", "change_id": "INC-1"]
            let id = try await rig.start("kubernetes-triage.rollout.restart", input)
            let approval = try #require(try await rig.pending(run: id).first)
            let message = approval.summary["message"]?.stringValue ?? ""
            #expect(message.contains("payments-6b7c8d9e0-fghij"))
            #expect(message.contains("failed"))
            try await rig.approve(approval)
            var run = try await rig.run(id)
            #expect(run.status == .succeeded)
            #expect(run.steps["result"]?.output?["before"] == "failed")
            #expect(run.steps["result"]?.output?["after"] == "complete")
            let restart = try await rig.job(run, "restart")
            #expect(restart.decision?.ruleID == "kubernetes-triage-write-approved")
            let deployment = try #require(emulator.state.withLock { $0.objects["deployments"]?["shop/payments"] })
            #expect(
                deployment["spec"]?["template"]?["metadata"]?["annotations"]?["kubectl.kubernetes.io/restartedAt"]
                    != nil
            )
            #expect(deployment["metadata"]?["generation"] == 2)
            let patches = emulator.requestLog.entries(
                method: "PATCH",
                path: "/apis/apps/v1/namespaces/shop/deployments/payments"
            )
            #expect(patches.count == 1)
            #expect(patches.first?.headers["content-type"] == "application/strategic-merge-patch+json")
            // The second run with the same change id restarts nothing.
            let again = try await rig.start("kubernetes-triage.rollout.restart", input)
            _ = try await rig.approveAll(run: again)
            run = try await rig.run(again)
            #expect(run.status == .succeeded)
            #expect(
                emulator.requestLog.entries(method: "PATCH", path: "/apis/apps/v1/namespaces/shop/deployments/payments")
                    .count == 1
            )
        }
    }

    @Test("rollout.check names the failing pod and gathers its evidence")
    func check() async throws {
        try await withRig { rig, _ in
            let id = try await rig.start(
                "kubernetes-triage.rollout.check",
                ["namespace": "shop", "deployment": "payments"]
            )
            let run = try await rig.run(id)
            #expect(run.status == .succeeded, "\(run.steps.compactMapValues { $0.error })")
            let summary = try #require(run.steps["summary"]?.output)
            #expect(summary["state"] == "failed")
            let pods = summary["failing_pods"]?.arrayValue ?? []
            #expect(pods.count == 1)
            #expect(pods.first?["result"]?["pod"]?["metadata"]?["name"] == "payments-6b7c8d9e0-fghij")
            let logs = summary["logs"]?.arrayValue?.first?["result"]?["lines"]?.arrayValue ?? []
            #expect(logs.contains { $0.stringValue?.contains("connection refused") == true })
        }
    }

    @Test("the worker reads a kubeconfig, verifies the cluster's CA and runs rollout.check over HTTPS")
    func kubeconfigOverTLS() async throws {
        try await TLSCluster.withCluster { cluster in
            let pack = try PackUnderTest(
                id: "kubernetes-triage",
                worker: KubernetesTriageWorker.registration,
                emulator: nil
            )
            let running = RunningEmulator(
                baseURL: cluster.emulator.baseURL,
                workerSettings: ["CORDUM_KUBERNETES_TRIAGE_KUBECONFIG": cluster.kubeconfig],
                demo: "the demo cluster over HTTPS"
            ) {}
            try await withPackRig(pack, PackRigOptions(emulator: running)) { rig in
                let id = try await rig.start(
                    "kubernetes-triage.rollout.check",
                    ["namespace": "shop", "deployment": "payments"]
                )
                let run = try await rig.run(id)
                #expect(run.status == .succeeded)
                #expect(run.steps["summary"]?.output?["state"] == "failed")
            }
            #expect(
                !cluster.emulator.requestLog.entries(
                    method: "GET",
                    path: "/apis/apps/v1/namespaces/shop/deployments/payments"
                ).isEmpty
            )
        }
    }

    @Test("a cluster whose certificate does not chain to the kubeconfig's CA is refused, naming the profile and the CA")
    func wrongCA() async throws {
        try await TLSCluster.withCluster { cluster in
            let rogue = try Data(contentsOf: URL(fileURLWithPath: cluster.certificates.rogueCAFile))
                .base64EncodedString()
            let good = try Data(contentsOf: URL(fileURLWithPath: cluster.certificates.caFile)).base64EncodedString()
            let text = try String(contentsOfFile: cluster.kubeconfig, encoding: .utf8).replacingOccurrences(
                of: good,
                with: rogue
            )
            let path = cluster.folder.appendingPathComponent("rogue-kubeconfig").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let pack = try PackUnderTest(
                id: "kubernetes-triage",
                worker: KubernetesTriageWorker.registration,
                emulator: nil
            )
            let running = RunningEmulator(
                baseURL: cluster.emulator.baseURL,
                workerSettings: ["CORDUM_KUBERNETES_TRIAGE_KUBECONFIG": path],
                demo: "the demo cluster over HTTPS"
            ) {}
            try await withPackRig(pack, PackRigOptions(emulator: running)) { rig in
                let id = try await rig.start(
                    "kubernetes-triage.rollout.check",
                    ["namespace": "shop", "deployment": "payments"]
                )
                let run = try await rig.run(id)
                #expect(run.status == .failed)
                let error = run.steps["status"]?.error
                #expect(error?.code == "unavailable")
                #expect(error?.message.contains("TLS handshake") == true)
                #expect(error?.message.contains("ca_pem") == true)
            }
            #expect(cluster.emulator.requestLog.entries(path: "/**").isEmpty)
        }
    }
}
