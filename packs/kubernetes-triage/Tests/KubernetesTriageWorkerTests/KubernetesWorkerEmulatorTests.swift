import APIContracts
import EmulatorKit
import Foundation
import KubernetesTriageEmulator
import KubernetesTriageWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// The worker against the emulator: each custom action's result, production routing, namespace lists, large logs to
/// artifacts, rollout status waiting on a watch, plans, and Kubernetes' failures mapped to the shared codes.
@Suite("Kubernetes worker against the emulator")
struct KubernetesWorkerEmulatorTests {
    static let pack = "job.kubernetes-triage."
    /// A self-signed P-256 CA certificate made with openssl for these tests (no key kept).
    static let throwawayCA = """
        -----BEGIN CERTIFICATE-----
        MIIBeTCCAR+gAwIBAgIURDzw1lDrI6enAsKh2iKwrt8imUYwCgYIKoZIzj0EAwIw
        EjEQMA4GA1UEAwwHdGVzdC1jYTAeFw0yNjEyMDcxNzA4MTJaFw0zNjEyMDQxNzA4
        MTJaMBIxEDAOBgNVBAMMB3Rlc3QtY2EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
        AARpZIyu267PZqazjA7c8Na6oDbN4kSylo8N/2NW2AglUSM0MrVTWKgZZJR/3etD
        X3clGtIaFjUMhvj3MmLhbgA6o1MwUTAdBgNVHQ4EFgQUZhK1J+Ec2YX6WI0TTlQo
        J5eOf58wHwYDVR0jBBgwFoAUZhK1J+Ec2YX6WI0TTlQoJ5eOf58wDwYDVR0TAQH/
        BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiBSTumnugx+AVTztS5/lIetc2YagtKO
        fM8gS+EbGFT87QIhAIrSJl+Ojv14W2XlldeK8ygkO6tRBo8EVDI1cDKxgaaC
        -----END CERTIFICATE-----
        """

    func withWorker(
        _ extra: [String: String] = [:],
        _ body: (Emulator<SeededState<KubernetesWorld>>, Worker, SecretRegistry) async throws -> Void
    ) async throws {
        try await withEmulatedWorker(
            try KubernetesTriageEmulator.definition(),
            environment: extra,
            worker: { environment, secrets, clock in
                try KubernetesTriageWorker.make(
                    configuration: try KubernetesConfiguration(environment: environment, secrets: secrets),
                    retryClock: clock
                )
            },
            body: body
        )
    }

    @Test("pods.describe gives the owner, the crashing container's state and the pod's events, newest first")
    func describe() async throws {
        try await withWorker { emulator, worker, secrets in
            let outcome = await runJob(
                worker,
                topic: Self.pack + "pods.describe",
                ["namespace": "shop", "name": "payments-6b7c8d9e0-fghij"],
                secrets: secrets
            )
            let result = try #require(outcome.output?["result"], "\(String(describing: outcome.error))")
            #expect(result["owner"] == ["kind": "ReplicaSet", "name": "payments-6b7c8d9e0"])
            let container = result["containers"]?.arrayValue?.first
            #expect(container?["state"] == "waiting")
            #expect(container?["reason"] == "CrashLoopBackOff")
            #expect(container?["restart_count"] == 7)
            let reasons = result["events"]?.arrayValue?.compactMap { $0["reason"]?.stringValue }
            #expect(reasons == ["Pulled", "BackOff"] || reasons == ["BackOff", "Pulled"])
            #expect(result["text"]?.stringValue?.contains("Controlled By:  ReplicaSet/payments-6b7c8d9e0") == true)
            let listed = await runJob(
                worker,
                topic: Self.pack + "events.list",
                ["namespace": "shop", "object_kind": "Pod", "object_name": "payments-6b7c8d9e0-fghij"],
                secrets: secrets
            )
            let times = listed.output?["items"]?.arrayValue?.compactMap { $0["lastTimestamp"]?.stringValue } ?? []
            #expect(times.count == 2)
            #expect(times == times.sorted(by: >))
            let query = emulator.requestLog.entries(method: "GET", path: "/api/v1/namespaces/shop/events").first?.query
            #expect(query?.first { $0.name == "fieldSelector" }?.value.contains("involvedObject.uid=") == true)
        }
    }

    @Test("pods.logs keeps the last lines and puts the whole log in an artifact when it is longer")
    func logs() async throws {
        try await withWorker { _, worker, secrets in
            let artifacts = MemoryArtifacts()
            let outcome = await runJob(
                worker,
                topic: Self.pack + "pods.logs",
                ["namespace": "shop", "name": "checkout-7d9f8b6c5-abcde", "max_lines": 5],
                secrets: secrets,
                artifacts: artifacts.writer(secrets)
            )
            let output = try #require(outcome.output, "\(String(describing: outcome.error))")
            #expect(output["result"]?["lines"]?.arrayValue?.count == 5)
            #expect(output["result"]?["line_count"] == 30)
            #expect(output["result"]?["truncated"] == true)
            let pointer = try #require(output["artifacts"]?.arrayValue?.first?["pointer"]?.stringValue)
            let whole = String(decoding: artifacts.content(pointer) ?? [], as: UTF8.self)
            #expect(whole.split(separator: "\n").count == 30)
            let previous = await runJob(
                worker,
                topic: Self.pack + "pods.logs",
                ["namespace": "shop", "name": "payments-6b7c8d9e0-fghij", "previous": true],
                secrets: secrets
            )
            #expect(previous.output?["result"]?["lines"]?.arrayValue?.last?.stringValue?.contains("FATAL") == true)
            #expect(previous.output?["artifacts"] == nil)
            let none = await runJob(
                worker,
                topic: Self.pack + "pods.logs",
                ["namespace": "shop", "name": "checkout-7d9f8b6c5-abcde", "previous": true],
                secrets: secrets
            )
            #expect(none.error?.code == .validationFailed)
        }
    }

    @Test("rollout_status judges as kubectl does, and waits on a watch for a restart to roll out")
    func rolloutStatus() async throws {
        try await withWorker { emulator, worker, secrets in
            let failed = await runJob(
                worker,
                topic: Self.pack + "deployments.rollout_status",
                ["namespace": "shop", "name": "payments"],
                secrets: secrets
            )
            let before = try #require(failed.output?["result"], "\(String(describing: failed.error))")
            #expect(before["state"] == "failed")
            #expect(before["message"] == "deployment \"payments\" exceeded its progress deadline")
            #expect(before["failing_pods"] == ["payments-6b7c8d9e0-fghij"])
            let restart = await runJob(
                worker,
                topic: Self.pack + "deployments.rollout_restart",
                ["namespace": "shop", "name": "payments", "restarted_at": "2026-12-07T10:00:00Z"],
                secrets: secrets
            )
            #expect(restart.output?["objects"] == [["kind": "deployment", "id": "shop/payments", "change": "updated"]])
            let waited = await runJob(
                worker,
                topic: Self.pack + "deployments.rollout_status",
                ["namespace": "shop", "name": "payments", "wait_seconds": 120],
                secrets: secrets
            )
            let after = try #require(waited.output?["result"], "\(String(describing: waited.error))")
            #expect(after["state"] == "complete")
            #expect(after["message"] == "deployment \"payments\" successfully rolled out")
            #expect(after["failing_pods"] == [])
            #expect(after["generation"] == 2)
            let watches = emulator.requestLog.entries(method: "GET", path: "/apis/apps/v1/namespaces/shop/deployments")
            #expect(watches.contains { $0.query.contains { $0.name == "watch" && $0.value == "1" } })
        }
    }

    @Test("writes: a dry run plans the exact patch; production namespaces only on the prod topics")
    func writes() async throws {
        try await withWorker(["CORDUM_KUBERNETES_TRIAGE_ALLOW_ACTIONS": "*,prod.deployments.scale"]) {
            emulator,
            worker,
            secrets in
            let plan = await runJob(
                worker,
                topic: Self.pack + "deployments.rollout_restart",
                ["namespace": "shop", "name": "checkout", "restarted_at": "2026-12-07T10:00:00Z"],
                secrets: secrets,
                dryRun: true
            )
            let planned = try #require(plan.output?["plan"], "\(String(describing: plan.error))")
            #expect(planned["method"] == "PATCH")
            #expect(planned["headers"]?["Content-Type"] == "application/strategic-merge-patch+json")
            #expect(
                planned["body"] == [
                    "spec": [
                        "template": [
                            "metadata": ["annotations": ["kubectl.kubernetes.io/restartedAt": "2026-12-07T10:00:00Z"]]
                        ]
                    ]
                ]
            )
            #expect(emulator.requestLog.entries(method: "PATCH", path: "/**").isEmpty)
            let plain = await runJob(
                worker,
                topic: Self.pack + "deployments.scale",
                ["namespace": "prod-eu", "name": "api", "replicas": 4],
                secrets: secrets
            )
            #expect(plain.error?.code == .resourceNotAllowed)
            #expect(plain.error?.message.contains("job.kubernetes-triage.prod.deployments.scale") == true)
            let wrongProd = await runJob(
                worker,
                topic: Self.pack + "prod.deployments.scale",
                ["namespace": "shop", "name": "checkout", "replicas": 4],
                secrets: secrets
            )
            #expect(wrongProd.error?.code == .invalidInput)
            let prod = await runJob(
                worker,
                topic: Self.pack + "prod.deployments.scale",
                ["namespace": "prod-eu", "name": "api", "replicas": 4],
                secrets: secrets
            )
            #expect(prod.output?["result"]?["spec"]?["replicas"] == 4, "\(String(describing: prod.error))")
            let restartProd = await runJob(
                worker,
                topic: Self.pack + "prod.deployments.rollout_restart",
                ["namespace": "prod-eu", "name": "api"],
                secrets: secrets
            )
            #expect(restartProd.error?.code == .actionNotAllowed)
            let delete = await runJob(
                worker,
                topic: Self.pack + "pods.delete",
                ["namespace": "shop", "name": "payments-6b7c8d9e0-fghij"],
                secrets: secrets
            )
            #expect(delete.error?.code == .actionNotAllowed)
        }
    }

    @Test("namespace lists refuse before any request; Kubernetes' Status failures map to the shared codes")
    func refusals() async throws {
        try await withWorker(["CORDUM_KUBERNETES_TRIAGE_DENIED_NAMESPACES": "kube-*"]) { emulator, worker, secrets in
            let denied = await runJob(
                worker,
                topic: Self.pack + "pods.describe",
                ["namespace": "kube-system", "name": "coredns"],
                secrets: secrets
            )
            #expect(denied.error?.code == .resourceNotAllowed)
            let listed = await runJob(
                worker,
                topic: Self.pack + "pods.list",
                ["namespace": "kube-system"],
                secrets: secrets
            )
            #expect(listed.error?.code == .resourceNotAllowed)
            #expect(emulator.requestLog.entries(path: "/**").isEmpty)
            let missing = await runJob(
                worker,
                topic: Self.pack + "deployments.rollout_status",
                ["namespace": "shop", "name": "nope"],
                secrets: secrets
            )
            #expect(missing.error?.code == .notFound)
            #expect(missing.error?.message.contains("deployments.apps \"nope\" not found") == true)
            let invalid = await runJob(
                worker,
                topic: Self.pack + "deployments.scale",
                ["namespace": "shop", "name": "checkout", "replicas": -1],
                secrets: secrets
            )
            #expect(invalid.error?.code == .invalidInput)
        }
        try await withWorker(["CORDUM_KUBERNETES_TRIAGE_TOKEN": "not-the-demo-token-at-all"]) { _, worker, secrets in
            let refused = await runJob(
                worker,
                topic: Self.pack + "pods.logs",
                ["namespace": "shop", "name": "x"],
                secrets: secrets
            )
            #expect(refused.error?.code == .unauthorized)
            #expect(refused.error?.message.contains("not-the-demo-token-at-all") == false)
        }
    }

    @Test("an in-cluster profile reads its token file again for every request (a rotated token works at once)")
    func rotatedToken() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tokenFile = folder.appendingPathComponent("token")
        try "expired-token-0000000000000000".write(to: tokenFile, atomically: true, encoding: .utf8)
        // The pod's ca.crt (unused here: the emulator serves plain HTTP); a throwaway self-signed CA.
        try Self.throwawayCA.write(to: folder.appendingPathComponent("ca.crt"), atomically: true, encoding: .utf8)
        let emulator = try await Emulator.start(try KubernetesTriageEmulator.definition(), port: 0)
        do {
            let profiles =
                #"[{"name": "pod", "in_cluster": true, "base_url": "\#(emulator.baseURL)", "service_account_dir": "\#(folder.path)"}]"#
            let secrets = SecretRegistry()
            let configuration = try KubernetesConfiguration(
                environment: ["CORDUM_KUBERNETES_TRIAGE_PROFILES": profiles],
                secrets: secrets
            )
            let worker = try KubernetesTriageWorker.make(configuration: configuration)
            let input: JSONValue = ["namespace": "shop", "name": "checkout"]
            let before = await runJob(worker, topic: Self.pack + "deployments.get", input, secrets: secrets)
            #expect(before.error?.code == .unauthorized)
            try KubernetesDemo.token.write(to: tokenFile, atomically: true, encoding: .utf8)
            let after = await runJob(worker, topic: Self.pack + "deployments.get", input, secrets: secrets)
            #expect(after.output?["result"]?["metadata"]?["name"] == "checkout", "\(String(describing: after.error))")
            #expect(secrets.scrub(KubernetesDemo.token) == SecretRegistry.mask)
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    @Test("every exchange of the composite actions and the writes matches Kubernetes' published description")
    func contract() async throws {
        try await withWorker { emulator, worker, secrets in
            let jobs: [(String, JSONValue)] = [
                ("pods.describe", ["namespace": "shop", "name": "payments-6b7c8d9e0-fghij"]),
                (
                    "pods.logs",
                    ["namespace": "shop", "name": "payments-6b7c8d9e0-fghij", "previous": true, "tail_lines": 5]
                ),
                ("deployments.rollout_status", ["namespace": "shop", "name": "checkout"]),
                (
                    "events.list",
                    ["namespace": "shop", "object_kind": "Deployment", "object_name": "checkout", "limit": 1]
                ),
                ("deployments.rollout_restart", ["namespace": "shop", "name": "checkout"]),
                ("deployments.scale", ["namespace": "shop", "name": "checkout", "replicas": 3]),
                ("pods.get", ["namespace": "shop", "name": "nope"]),
            ]
            for (action, input) in jobs { _ = await runJob(worker, topic: Self.pack + action, input, secrets: secrets) }
            let spec = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("contract/kubernetes-openapi.yaml").path
            let checker = ContractChecker(spec: try APIDocument(contentsOf: spec))
            let exchanges = try HTTPExchange.readLog(emulator.requestLog.exchangeLog(redacting: [KubernetesDemo.token]))
            #expect(exchanges.count >= 9)
            let report = checker.check(exchanges)
            #expect(report.passed, "\(report)")
        }
    }
}
