import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PackHost
import StructuredData
import Testing

/// Roles on API keys and separation of duties, as a tenant key holder would try to get around them.
@Suite struct HostAPIRoleTests {
    @Test func aTenantKeyCannotApproveTheJobItSubmitted() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await host.test { api in
            try await api.installHelloHoldingSignatures()
            let held = try await api.call(
                .post,
                "/jobs",
                key: APITestHost.Key.alice,
                json: ["topic": "job.hello.guestbook.sign", "input": ["name": "M", "message": "mine"]]
            )
            let jobID = try #require(held.json["id"]?.stringValue, "\(held.body)")
            let own = try await api.call(
                .post,
                "/approvals/\(jobID)/approve",
                key: APITestHost.Key.alice,
                json: ["reason": "lgtm"]
            )
            #expect(own.status == 403)
            #expect(own.errorCode == "forbidden")
            #expect(
                try await api.call(.get, "/jobs/\(jobID)", key: APITestHost.Key.alice).json["state"]
                    == "APPROVAL_REQUIRED"
            )
            let other = try await api.call(
                .post,
                "/approvals/\(jobID)/approve",
                key: APITestHost.Key.carol,
                json: ["reason": "reviewed"]
            )
            #expect(other.status == 200, "\(other.body)")
            #expect(other.json["requested_by"]?.stringValue == "alice")
            #expect(other.json["grants"]?.arrayValue?.first?["principal"]?.stringValue == "carol")
        }
    }

    @Test func aKeyWithoutTheApproveRoleCannotApproveAndAnApproverCannotSubmit() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        let submitOnly = "ck_test_dave_submits_only"
        let keys = APIKeyStore(
            keys: host.keys.keys + [
                APIKey(
                    id: "dave",
                    principal: "dave",
                    tenants: ["tenant-a"],
                    roles: [.submit],
                    sha256: APIKey.hash(submitOnly)
                )
            ]
        )
        let api = HostAPI(services: host.services, keys: keys)
        let app = Application(router: api.makeRouter())
        try await app.test(.router) { client in
            let api = APIClient(client: client)
            try await api.installHelloHoldingSignatures()
            let held = try await api.call(
                .post,
                "/jobs",
                key: APITestHost.Key.alice,
                json: ["topic": "job.hello.guestbook.sign", "input": ["name": "M", "message": "hi"]]
            )
            let jobID = try #require(held.json["id"]?.stringValue)
            let refused = try await api.call(
                .post,
                "/approvals/\(jobID)/approve",
                key: submitOnly,
                json: ["reason": "x"]
            )
            #expect(refused.status == 403)
            #expect(refused.errorCode == "forbidden")
            let approverSubmits = try await api.call(
                .post,
                "/jobs",
                key: APITestHost.Key.carol,
                json: ["topic": "job.hello.guestbook.sign", "input": ["name": "C", "message": "hi"]]
            )
            #expect(approverSubmits.status == 403)
            let approverStartsRun = try await api.call(
                .post,
                "/workflows/hello.greet/runs",
                key: APITestHost.Key.carol,
                json: ["name": "C"]
            )
            #expect(approverStartsRun.status == 403)
            // Reading stays open to every key of the tenant.
            #expect(try await api.call(.get, "/approvals", key: APITestHost.Key.carol).status == 200)
            #expect(try await api.call(.get, "/approvals", key: submitOnly).status == 200)
        }
    }

    @Test func theRoleTableCoversEveryChangingRoute() {
        func role(_ method: HTTPRequest.Method, _ path: String) -> APIRole? {
            APIRoleMiddleware.requiredRole(method: method, path: "/api/v1" + path)
        }
        #expect(role(.get, "/approvals") == nil)
        #expect(role(.post, "/approvals/apr-1/approve") == .approve)
        #expect(role(.post, "/approvals/apr-1/reject") == .approve)
        #expect(role(.post, "/workflows/w/runs/r/steps/s/approve") == .approve)
        #expect(role(.post, "/workflows/w/runs") == .submit)
        #expect(role(.post, "/jobs") == .submit)
        #expect(role(.post, "/locks/release") == .submit)
        #expect(role(.delete, "/workflow-runs/r") == .submit)
        #expect(role(.post, "/policy/evaluate") == nil)
        #expect(role(.post, "/policy/bundles/b/simulate") == nil)
        #expect(role(.post, "/policy/publish") == .admin)
        #expect(role(.put, "/policy/bundles/b") == .admin)
        #expect(role(.post, "/packs/install") == .admin)
        #expect(role(.post, "/packs/hello/verify") == nil)
        #expect(role(.post, "/marketplace/install") == .admin)
        // A route nobody listed still needs a role.
        #expect(role(.post, "/something-new") == .submit)
    }

    @Test func keyFilesReadRolesAndActorTypesAndRefuseUnknownOnes() throws {
        let good: JSONValue = [
            "id": "ci", "principal": "ci-bot", "tenants": ["acme"], "roles": ["submit"], "actor_type": "service",
            "sha256": .string(String(repeating: "a", count: 64)),
        ]
        let key = try APIKey(json: good, index: 0, file: "api-keys.json")
        #expect(key.roles == [.submit])
        #expect(key.actorType == "service")
        #expect(!key.admin)
        let legacyAdmin = try APIKey(
            json: ["id": "o", "principal": "o", "tenants": ["*"], "admin": true, "sha256": good["sha256"]!],
            index: 0,
            file: "api-keys.json"
        )
        #expect(legacyAdmin.roles == Set(APIRole.allCases))
        #expect(throws: HostError.self) {
            _ = try APIKey(
                json: ["id": "x", "principal": "x", "tenants": ["a"], "roles": ["root"], "sha256": good["sha256"]!],
                index: 3,
                file: "api-keys.json"
            )
        }
    }
}
