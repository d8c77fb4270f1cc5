import Foundation
import Hummingbird
import HummingbirdTesting
import PackHost
import PackTesting
import StructuredData
import Testing
import WorkflowEngine

/// `HostClient` against the real API on a live port: typed calls, errors mapped back to `HostError`, and the key
/// kept out of every error and description.
@Suite struct HostClientTests {
    /// Runs `body` with a client of a live server on `host`, acting with `key` for `tenant`.
    static func withClient(
        _ host: APITestHost,
        key: String = APITestHost.Key.admin,
        tenant: String = "tenant-a",
        _ body: @Sendable (HostClient) async throws -> Void
    ) async throws {
        let app = Application(
            router: host.api.makeRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
        try await app.test(.live) { testClient in
            let port = try #require(testClient.port)
            let client = try HostClient(baseURL: "http://127.0.0.1:\(port)", apiKey: key, tenant: tenant)
            do {
                try await body(client)
            } catch {
                await client.close()
                throw error
            }
            await client.close()
        }
    }

    @Test func installRunAndApproveThroughTheClient() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await Self.withClient(host) { client in
            let installed = try await client.install(.path(APITestHost.helloPath), options: InstallOptions())
            #expect(installed["applied"]?.boolValue == true)
            #expect(try await client.packs().map { $0["id"]?.stringValue } == ["hello"])
            #expect(try await client.pack("hello")["status"]?.stringValue == "ACTIVE")

            let greet = try await client.startRun(
                workflowID: "hello.greet",
                input: ["name": "Ada"],
                dryRun: false,
                idempotencyKey: nil
            )
            await host.services.host.settle()
            let run = try await client.run(greet)
            #expect(run["status"]?.stringValue == "succeeded")
            #expect(run["steps"]?["greet"]?["output"]?["greeting"]?.stringValue == "Hello, Ada!")
            #expect(try await client.timeline(greet, limit: 200).count > 2)
            #expect(try await client.runs(workflowID: "hello.greet", status: "succeeded", limit: 10).count == 1)

            let sign = try await client.startRun(
                workflowID: "hello.greet-and-sign",
                input: ["name": "Ada"],
                dryRun: false,
                idempotencyKey: "k1"
            )
            await host.services.host.settle()
            let (waiting, outcome) = try await client.waitForRun(sign, timeout: .seconds(5))
            #expect(waiting["status"]?.stringValue == "waiting")
            guard case .waitingForApproval(let ids) = outcome, let approvalID = ids.first else {
                Issue.record("expected a pending approval, got \(outcome)")
                return
            }
            // The same idempotency key names the same run.
            #expect(
                try await client.startRun(
                    workflowID: "hello.greet-and-sign",
                    input: ["name": "Ada"],
                    dryRun: false,
                    idempotencyKey: "k1"
                ) == sign
            )
            let approval = try await client.approvals(includeDecided: false, limit: 10)
            #expect(approval.first?["id"]?.stringValue == approvalID)
            let digest = try #require(approval.first?["digest"]?.stringValue)
            // The admin key started the run; a second person (carol's key) grants it.
            try await Self.withClient(host, key: APITestHost.Key.carol) { approver in
                let granted = try await approver.approve(approvalID, reason: "reviewed", digest: digest)
                #expect(granted["status"]?.stringValue == "consumed")
            }
            await host.services.host.settle()
            let (done, finished) = try await client.waitForRun(sign, timeout: .seconds(5))
            #expect(finished == .finished)
            #expect(done["status"]?.stringValue == "succeeded")
        }
    }

    @Test func waitingForARunSeesTheApprovalsOfItsSubworkflows() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await Self.withClient(host) { client in
            _ = try await client.install(.path(APITestHost.helloPath), options: InstallOptions())
            let document = try YAMLLoader.load(
                """
                id: tenant.outer
                steps:
                  sign:
                    type: subworkflow
                    workflow_id: hello.greet-and-sign
                    input: {name: "${input.name}"}
                """,
                file: "outer.yaml"
            )
            let now = host.services.clock.now()
            try host.services.database.write { db in
                _ = try WorkflowRegistry.save(
                    id: "tenant.outer",
                    document: document,
                    tenant: "tenant-a",
                    at: now,
                    in: db
                )
            }
            let outer = try await client.startRun(
                workflowID: "tenant.outer",
                input: ["name": "Ada"],
                dryRun: false,
                idempotencyKey: nil
            )
            await host.services.host.settle()
            let (run, outcome) = try await client.waitForRun(outer, timeout: .seconds(30))
            #expect(run["status"]?.stringValue == "running")
            let pending = try await client.approvals(includeDecided: false, limit: 10)
            let childApproval = try #require(
                pending.first { $0["run_id"]?.stringValue?.hasPrefix(outer + ".") == true }
            )
            #expect(outcome == .waitingForApproval([try #require(childApproval["id"]?.stringValue)]))
        }
    }

    @Test func refusalsComeBackAsTheServersHostError() async throws {
        let host = try APITestHost()
        try await Self.withClient(host) { client in
            await #expect(throws: HostError(.notFound, "no run has id run-missing")) {
                try await client.run("run-missing")
            }
            do throws(HostError) {
                _ = try await client.startRun(workflowID: "nope", input: [:], dryRun: false, idempotencyKey: nil)
                Issue.record("an unknown workflow was accepted")
            } catch {
                #expect(error.code == .notFound)
                #expect(error.message.contains("nope"))
            }
            do throws(HostError) {
                _ = try await client.approve("apr-missing", reason: "ok", digest: nil)
                Issue.record("an unknown approval was granted")
            } catch {
                #expect(error.code == .notFound)
            }
        }
        let wrongKey = "ck_wrong_\(UUID().uuidString)"
        try await Self.withClient(host, key: wrongKey) { client in
            #expect(!client.description.contains(wrongKey))
            do throws(HostError) {
                _ = try await client.runs(workflowID: nil, status: nil, limit: 5)
                Issue.record("a wrong key was accepted")
            } catch {
                #expect(error.code == .unauthenticated)
                #expect(!error.message.contains(wrongKey))
            }
        }
        try await Self.withClient(host, key: APITestHost.Key.alice, tenant: "tenant-b") { client in
            do throws(HostError) {
                _ = try await client.approvals(includeDecided: true, limit: 5)
                Issue.record("alice acted for tenant-b")
            } catch {
                #expect(error.code == .forbidden)
            }
        }
        #expect(!host.logs.all.joined().contains(wrongKey))
    }

    @Test func unusableTargetsAreRefusedBeforeAnyRequest() async throws {
        #expect(throws: HostError.self) { try HostClient(baseURL: "ftp://127.0.0.1", apiKey: "k") }
        #expect(throws: HostError.self) { try HostClient(baseURL: "http://127.0.0.1:8080?x=1", apiKey: "k") }
        do throws(HostError) {
            _ = try HostClient(baseURL: "http://127.0.0.1:8080", apiKey: "")
            Issue.record("an empty key was accepted")
        } catch {
            #expect(error.code == .unauthenticated)
            #expect(error.message.contains("CORDUM_API_KEY"))
        }
        let client = try HostClient(baseURL: "http://127.0.0.1:8080/", apiKey: "secret-key")
        #expect(client.apiRoot == "http://127.0.0.1:8080/api/v1")
        await client.close()
    }

    @Test func aHostThatIsDownIsUnavailableAtOnce() async throws {
        let client = try HostClient(baseURL: "http://127.0.0.1:9", apiKey: "secret-key", timeout: .seconds(30))
        do throws(HostError) {
            _ = try await client.status()
            Issue.record("a closed port answered")
        } catch {
            #expect(error.code == .unavailable)
            #expect(!error.message.contains("secret-key"))
        }
        await client.close()
    }
}
