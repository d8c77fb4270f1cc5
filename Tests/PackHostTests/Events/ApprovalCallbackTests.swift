import Foundation
import HTTPTypes
import PackHost
import StructuredData
import Testing
import WorkflowEngine

extension HostConfiguration {
    /// A chat integration that may act for tenant-a and knows two people.
    static var withChatIntegration: HostConfiguration {
        var configuration = HostConfiguration()
        configuration.approvalIntegrations = [
            ApprovalIntegration(
                id: "chat",
                secret: ApprovalCallbackTests.secret,
                tenants: ["tenant-a"],
                people: ["U-CAROL": "carol", "U-ALICE": "alice"]
            )
        ]
        return configuration
    }
}

extension APIClient {
    /// Posts a signed approval callback as the chat integration would.
    func callback(
        _ host: APITestHost,
        _ body: JSONValue,
        integration: String = "chat",
        secret: String = ApprovalCallbackTests.secret,
        signedAt: Timestamp? = nil
    ) async throws -> APIAnswer {
        let text = JSONEncoding.compact(body)
        let signature = WebhookSignature.sign(Array(text.utf8), secret: secret, at: signedAt ?? host.clock.now())
        return try await call(
            .post,
            "/approvals/callback",
            key: nil,
            tenant: nil,
            raw: text,
            headers: [
                HTTPField.Name("Cordum-Integration")!: integration, HTTPField.Name("Cordum-Signature")!: signature,
                .contentType: "application/json",
            ]
        )
    }
}

/// `POST /api/v1/approvals/callback`: approvals decided by an integration for a person.
@Suite struct ApprovalCallbackTests {
    static let secret = "chat-integration-secret-0123456789"

    @Test func forgedStaleUnmappedOrSelfApprovingCallbacksAreRefused() async throws {
        let host = try APITestHost(configuration: .withChatIntegration)
        try await host.registerHelloWorker()
        try await host.test { api in
            _ = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            let started = try await api.call(
                .post,
                "/workflows/hello.greet-and-sign/runs",
                key: APITestHost.Key.alice,
                json: ["name": "Ada"]
            )
            #expect(started.status == 200)
            await host.services.host.settle()
            let approvals = try await api.call(.get, "/approvals", key: APITestHost.Key.alice)
            let approval = try #require(approvals.json["items"]?.arrayValue?.first)
            let id = try #require(approval["id"]?.stringValue)
            let digest = try #require(approval["digest"]?.stringValue)
            func body(person: String = "U-CAROL", digest: String = digest, tenant: String = "tenant-a") -> JSONValue {
                [
                    "tenant": .string(tenant), "approval_id": .string(id), "digest": .string(digest),
                    "decision": "approve", "person": .string(person),
                ]
            }

            let forged = try await api.callback(host, body(), secret: "not-the-integration-secret")
            #expect(forged.status == 401)
            #expect(forged.errorCode == "unauthenticated")
            let unknown = try await api.callback(host, body(), integration: "other")
            #expect(unknown.status == 401)
            let stale = try await api.callback(host, body(), signedAt: host.clock.now().adding(seconds: -301))
            #expect(stale.status == 401)
            let unmapped = try await api.callback(host, body(person: "U-MALLORY"))
            #expect(unmapped.status == 403)
            #expect(unmapped.errorMessage.contains("U-MALLORY"))
            let elsewhere = try await api.callback(host, body(tenant: "tenant-b"))
            #expect(elsewhere.status == 403)
            let otherDigest = try await api.callback(host, body(digest: String(repeating: "0", count: 64)))
            #expect(otherDigest.status == 409)
            // Alice started the run: the chat button does not let her approve it either.
            let own = try await api.callback(host, body(person: "U-ALICE"))
            #expect(own.status == 403)
            #expect(own.errorCode == "forbidden")

            let still = try await api.call(.get, "/approvals/\(id)", key: APITestHost.Key.alice)
            #expect(still.json["status"]?.stringValue == "pending")

            let granted = try await api.callback(host, body())
            #expect(granted.status == 200, "\(granted.body)")
            // The same signed request again changes nothing: the approval is used.
            let replayed = try await api.callback(host, body())
            #expect(replayed.status == 409)
            let audit = try host.auditLines().joined(separator: "\n")
            #expect(audit.contains("via chat for U-CAROL"))
            #expect(!audit.contains(Self.secret))
        }
    }
}
