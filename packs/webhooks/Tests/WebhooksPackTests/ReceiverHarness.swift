import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import PackHost
import PackTesting
import StructuredData
import WebhooksEmulator
import WebhooksWorker
import WorkerKit

/// A host serving its API over the webhooks rig (the github pack installed first, as `requires_packs` says, without
/// its worker: the tests count run starts, not reviews), and the receiver's configuration for it.
enum ReceiverHarness {
    static let apiKey = "ck_test_webhooks_receiver_key_0123456789"
    static let githubSecret = "gh-webhook-secret-0123456789abcdef"
    static let genericSecret = "generic-webhook-secret-0123456789"
    static let workflow = "webhooks.github.pr-opened"

    /// The environment the sources read their secrets and key from.
    static let environment = [
        "GH_SECRET": githubSecret, "GENERIC_SECRET": genericSecret, "RECEIVER_KEY": apiKey,
    ]

    /// Two sources: GitHub (principal by sender login: only octocat is mapped) and a generic `t=,v1=` sender with a
    /// 512-byte body limit.
    static let sourcesJSON = """
        {"sources": [
          {"id": "github", "path": "/github", "workflow": "webhooks.github.pr-opened",
           "verify": {"scheme": "github", "secret_env": "GH_SECRET"},
           "event_id": "header:X-GitHub-Delivery",
           "accept": {"header:X-GitHub-Event": "pull_request"},
           "principal_from": "body:/sender/login",
           "principals": [{"match": "octocat", "api_key_env": "RECEIVER_KEY", "tenant": "default"}],
           "input": {"repo": "body:/repository/full_name", "pull_number": "body:/pull_request/number",
                     "action": "body:/action", "delivery_id": "header:X-GitHub-Delivery", "sender": "body:/sender/login"}},
          {"id": "generic", "path": "/generic", "workflow": "webhooks.github.pr-opened",
           "verify": {"scheme": "timestamped", "header": "Webhook-Signature", "secret_env": "GENERIC_SECRET",
                      "tolerance_seconds": 300},
           "event_id": "body:/id", "max_body_bytes": 512,
           "principals": [{"match": "*", "api_key_env": "RECEIVER_KEY", "tenant": "default"}],
           "input": {"repo": "body:/repo", "pull_number": "body:/pull", "action": "const:opened",
                     "delivery_id": "body:/id"}}
        ]}
        """

    static var pack: PackUnderTest {
        get throws {
            let github = try PackUnderTest(id: "github", worker: nil, emulator: nil)
            return try PackUnderTest(
                id: "webhooks",
                worker: WebhooksWorker.registration,
                emulator: WebhooksEmulator.registration
            )
            .requiring([github])
        }
    }

    /// A GitHub `pull_request` delivery, signed as GitHub signs it.
    static func github(
        delivery: String,
        sender: String = "octocat",
        action: String = "opened",
        secret: String = githubSecret
    ) -> (headers: [String: String], body: [UInt8]) {
        let payload: JSONValue = [
            "action": .string(action), "number": 4, "pull_request": ["number": 4, "title": "Add widgets"],
            "repository": ["full_name": "acme/widgets"], "sender": ["login": .string(sender)],
        ]
        let body = Array(JSONEncoding.compact(payload).utf8)
        var headers = [
            "x-github-event": "pull_request", "x-github-delivery": delivery, "content-type": "application/json",
        ]
        for (name, value) in WebhookSigner(.github, secret: secret).headers(for: body, at: Date()) {
            headers[name.lowercased()] = value
        }
        return (headers, body)
    }

    /// Runs `body` with the rig and the host API on a loopback port (its base URL).
    static func withHost(_ body: (PackRig, String) async throws -> Void) async throws {
        try await withPackRig(try pack) { rig in
            let keys = APIKeyStore(keys: [
                APIKey(
                    id: "webhooks",
                    principal: "github-webhooks",
                    tenants: [PackRig.tenant],
                    admin: false,
                    sha256: APIKey.hash(apiKey)
                )
            ])
            let server = HostServer(
                services: rig.services,
                configuration: HostServer.Configuration(host: "127.0.0.1", port: 0)
            )
            let port = AsyncStream<Int>.makeStream()
            let serving = Task {
                defer { port.continuation.finish() }
                try await server.makeApplication(keys: keys) { bound in port.continuation.yield(bound) }.runService()
            }
            var ports = port.stream.makeAsyncIterator()
            guard let bound = await ports.next() else {
                throw HarnessFailure(description: "the host API did not start")
            }
            do {
                try await body(rig, "http://127.0.0.1:\(bound)")
            } catch {
                serving.cancel()
                _ = await serving.result
                throw error
            }
            serving.cancel()
            _ = await serving.result
        }
    }

    /// The run ids of the workflow, as the host lists them.
    static func runIDs(host: String) async throws -> [String] {
        var request = HTTPClientRequest(url: "\(host)/api/v1/workflows/\(workflow)/runs?limit=1000")
        request.headers.add(name: "X-API-Key", value: apiKey)
        request.headers.add(name: "X-Tenant-ID", value: PackRig.tenant)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        let runs = try JSONParser.parse(Array(buffer: body), file: "runs").value
        return (runs.arrayValue ?? []).compactMap { $0["id"]?.stringValue ?? $0["run_id"]?.stringValue }
    }

    /// The receiver of ``sourcesJSON`` starting runs on `host`.
    static func receiver(host: String) throws -> WebhookReceiver {
        let sources = try ReceiverConfiguration.sources(
            json: sourcesJSON,
            environment: environment,
            secrets: SecretRegistry()
        )
        return WebhookReceiver(sources: sources, starter: HostRunStarter(hostURL: host))
    }
}

/// What a receiver test could not set up.
struct HarnessFailure: Error, CustomStringConvertible {
    let description: String
}
