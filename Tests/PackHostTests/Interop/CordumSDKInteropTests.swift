import Bundler
import Foundation
import HelloWorker
import PackFormat
import PackHost
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// Cordum's official Python client, cordum-sdk 0.1.0 from PyPI, against a real `HostServer` on a free port:
/// `Tests/Interop/cordum_sdk_client.py` calls every SDK operation whose route Cordum's gateway (c7ddbe09) has and
/// checks each answer. Four keys: an admin (installs, edits policy), a submitter, an approver with another principal
/// (a key does not approve its own request), and a key of another tenant (refusals).
@Suite("Interop: cordum-sdk 0.1.0 → host API", .serialized, .timeLimit(.minutes(10)))
struct CordumSDKInteropTests {
    static let keys = [
        (id: "root", principal: "root", tenant: "acme", admin: true, secret: "ck_sdk_root_admin_0123456789abcdef"),
        (id: "alice", principal: "alice", tenant: "acme", admin: false, secret: "ck_sdk_alice_submits_0123456789ab"),
        (id: "bob", principal: "bob", tenant: "acme", admin: false, secret: "ck_sdk_bob_approves_0123456789abc"),
        (id: "carol", principal: "carol", tenant: "beta", admin: false, secret: "ck_sdk_carol_beta_0123456789abcde"),
    ]

    /// Every SDK operation the program must have called (through the SDK's model or, for the answers SDK 0.1.0
    /// cannot read, through its `client.request`).
    static let operations: Set<String> = [
        "health_check", "get_status", "list_workers",
        "install_pack", "list_packs", "get_pack", "verify_pack", "uninstall_pack",
        "evaluate_policy", "simulate_policy", "explain_policy", "list_policy_snapshots", "list_policy_rules",
        "list_policy_bundles", "get_policy_bundle", "update_policy_bundle", "simulate_policy_bundle",
        "list_bundle_snapshots", "create_bundle_snapshot", "get_bundle_snapshot", "publish_policy", "rollback_policy",
        "get_policy_audit",
        "list_workflows", "create_workflow", "get_workflow", "delete_workflow", "start_workflow_run",
        "list_workflow_runs", "list_all_workflow_runs", "get_workflow_run", "get_run_timeline", "delete_workflow_run",
        "rerun_workflow", "cancel_workflow_run",
        "list_approvals", "approve_job", "reject_job",
        "submit_job", "list_jobs", "get_job", "get_job_decisions", "get_trace", "cancel_job", "remediate_job",
        "list_dlq", "list_dlq_paginated", "retry_dlq_entry", "delete_dlq_entry",
        "get_memory", "create_artifact", "get_artifact",
        "get_lock", "acquire_lock", "release_lock", "renew_lock",
        "get_config", "set_config", "get_effective_config",
        "create_schema", "list_schemas", "get_schema", "delete_schema",
        "list_marketplace_packs", "refusals",
    ]

    /// The SDK 0.1.0 workarounds the program names (docs/interop.md, SDK1–SDK13).
    static let workarounds: Set<String> = [
        "SDK1 python-dateutil", "SDK2 policy decision", "SDK3 approval decision", "SDK4 lock mode",
        "SDK5 lock release", "SDK6 policy audit", "SDK7 namespaces", "SDK8 bundle map", "SDK9 kernel snapshots",
        "SDK10 path parameters", "SDK11 schema list", "SDK12 workers", "SDK13 uninstalled status",
    ]

    @Test func everyGatewayOperationOfTheSDKWorksAgainstTheHost() async throws {
        _ = try await CordumSDK.python()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cordum-sdk-\(UUID().uuidString)")
        let services = try HostServices.open(paths: HostPaths(dataDirectory: directory.path))
        try await services.host.register(InProcessWorker(HelloWorker.make(guestbook: Guestbook()), pool: "hello"))
        let keysPath = directory.appendingPathComponent("api-keys.json").path
        try Self.writeKeys(to: keysPath)
        let bundlePath = directory.appendingPathComponent("hello-0.1.0.tgz").path
        let bundle = try BundleWriter.bundle(try PackLoader.load(StaticCatalog.helloPath)).bytes
        try Data(bundle).write(to: URL(fileURLWithPath: bundlePath))

        let server = HostServer(
            services: services,
            configuration: HostServer.Configuration(port: 0, tickInterval: .milliseconds(20), apiKeysPath: keysPath)
        )
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await server.run(onServerRunning: { port in continuation.yield(port) }) }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        let secrets = Dictionary(uniqueKeysWithValues: Self.keys.map { ($0.id, $0.secret) })
        let run = try await CordumSDK.run(
            "cordum_sdk_client.py",
            [
                "--url", "http://127.0.0.1:\(port)", "--tenant", "acme", "--admin-key", secrets["root"] ?? "",
                "--submit-key", secrets["alice"] ?? "", "--approve-key", secrets["bob"] ?? "",
                "--other-key", secrets["carol"] ?? "", "--other-tenant", "beta", "--bundle", bundlePath,
            ]
        )
        let last = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let report = (try? JSONParser.parse(last)) ?? .null
        #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(report["ok"]?.boolValue == true, "\(last)\n\(run.stderr)")
        let covered = Set((report["covered"]?.arrayValue ?? []).compactMap(\.stringValue))
        #expect(Self.operations.subtracting(covered).isEmpty, "not called: \(Self.operations.subtracting(covered))")
        let named = Set((report["workarounds"]?.arrayValue ?? []).compactMap(\.stringValue))
        #expect(named == Self.workarounds)

        // What the SDK did is in the audit log under each key's principal, and no key appears in it.
        let audit = try services.audit.records(tenant: nil, limit: 100_000).map(\.exportLine).joined(separator: "\n")
        for key in Self.keys { #expect(!audit.contains(key.secret)) }
        #expect(audit.contains("\"policy.published\"") && audit.contains("\"policy.rolled_back\""))
        #expect(audit.contains("\"run.deleted\""))
    }

    static func writeKeys(to path: String) throws {
        let entries: [JSONValue] = keys.map { key in
            [
                "id": .string(key.id), "principal": .string(key.principal), "tenants": [.string(key.tenant)],
                "admin": .bool(key.admin), "sha256": .string(APIKey.hash(key.secret)),
            ]
        }
        try Data(JSONEncoding.pretty(["keys": .array(entries)]).utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
    }
}
