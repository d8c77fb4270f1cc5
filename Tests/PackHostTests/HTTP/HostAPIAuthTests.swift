import Foundation
import HTTPTypes
import PackHost
import PackTesting
import StructuredData
import Testing

/// Keys, tenants, admin routes, JSON errors, body limits, and secrets kept out of answers, logs and audit.
@Suite struct HostAPIAuthTests {
    @Test func missingOrUnknownKeysAre401AndForeignTenantsAre403() async throws {
        let host = try APITestHost()
        try await host.test { api in
            let missing = try await api.call(.get, "/status", key: nil)
            #expect(missing.status == 401)
            #expect(missing.errorCode == "unauthenticated")
            #expect(try await api.call(.get, "/status", key: "ck_not_a_key").status == 401)
            let noTenant = try await api.call(.get, "/status", key: APITestHost.Key.alice, tenant: nil)
            #expect(noTenant.status == 400)
            #expect(noTenant.errorMessage.contains("X-Tenant-ID"))
            let foreign = try await api.call(.get, "/status", key: APITestHost.Key.alice, tenant: "tenant-b")
            #expect(foreign.status == 403)
            #expect(foreign.errorCode == "forbidden")
            #expect(try await api.call(.get, "/status", key: APITestHost.Key.alice).status == 200)
            // An unknown route still needs a key, then answers JSON 404.
            #expect(try await api.call(.get, "/nothing-here", key: nil).status == 401)
            let unknown = try await api.call(.get, "/nothing-here")
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "not_found")
        }
    }

    @Test func nonAdminKeysCannotCallAdminRoutes() async throws {
        let host = try APITestHost()
        try await host.test { api in
            let alice = APITestHost.Key.alice
            let install = try await api.call(
                .post,
                "/packs/install",
                key: alice,
                json: ["path": .string(APITestHost.helloPath)]
            )
            #expect(install.status == 403)
            #expect(install.errorCode == "forbidden")
            #expect(try await api.call(.post, "/packs/hello/uninstall", key: alice, json: [:]).status == 403)
            #expect(
                try await api.call(
                    .post,
                    "/marketplace/install",
                    key: alice,
                    json: ["catalog_id": "c", "pack_id": "p"]
                )
                .status == 403
            )
            #expect(try await api.call(.get, "/audit/verify", key: alice).status == 403)
            let system = try await api.call(
                .post,
                "/config",
                key: alice,
                json: ["scope": "system", "data": ["pools": [:]]]
            )
            #expect(system.status == 403)
            // Nothing was installed by the refused calls.
            #expect(try await api.call(.get, "/packs").json["items"]?.arrayValue?.isEmpty == true)
            // The admin key may.
            let verify = try await api.call(.get, "/audit/verify")
            #expect(verify.status == 200, "\(verify.body)")
            // A tenant may write its own org config.
            let own = try await api.call(
                .post,
                "/config",
                key: alice,
                json: ["scope": "org", "scope_id": "tenant-a", "data": ["limits": ["max_concurrent_runs": 3]]]
            )
            #expect(own.status == 204, "\(own.body)")
        }
    }

    @Test func malformedBodiesAre400NamingTheProblem() async throws {
        let host = try APITestHost(limits: HostAPI.Limits(jsonBytes: 64, uploadBytes: 64))
        try await host.test { api in
            let malformed = try await api.call(.post, "/locks/acquire", raw: "{\"resource\": ")
            #expect(malformed.status == 400)
            #expect(malformed.errorCode == "invalid_argument")
            #expect(malformed.errorMessage.contains("malformed JSON"))
            let notObject = try await api.call(.post, "/locks/acquire", raw: "[1, 2]")
            #expect(notObject.status == 400)
            #expect(notObject.errorMessage.contains("JSON object"))
            let wrongType = try await api.call(.post, "/locks/acquire", json: ["resource": 5, "owner": "me"])
            #expect(wrongType.status == 400)
            #expect(wrongType.errorMessage.contains("resource"))
            let missing = try await api.call(.post, "/locks/acquire", json: ["resource": "r"])
            #expect(missing.errorMessage.contains("owner"))
            let badQuery = try await api.call(.get, "/workflow-runs?limit=zero")
            #expect(badQuery.status == 400)
            #expect(badQuery.errorMessage.contains("limit"))
            let large = try await api.call(.post, "/locks/acquire", raw: String(repeating: " ", count: 200))
            #expect(large.status == 413)
            #expect(large.errorCode == "too_large")
        }
    }

    @Test func apiKeysNeverAppearInAnswersLogsOrAudit() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        let secrets = [APITestHost.Key.admin, APITestHost.Key.alice, APITestHost.Key.bob]
        let bodies = Bodies()
        try await host.test { api in
            let calls: [APIAnswer] = [
                try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)]),
                try await api.call(.get, "/status", key: APITestHost.Key.alice),
                try await api.call(.get, "/status", key: APITestHost.Key.alice, tenant: "tenant-b"),
                try await api.call(.get, "/status", key: APITestHost.Key.alice + "x"),
                try await api.call(
                    .post,
                    "/workflows/hello.greet/runs",
                    key: APITestHost.Key.alice,
                    json: ["name": "Di"]
                ),
                try await api.call(
                    .post,
                    "/jobs",
                    key: APITestHost.Key.bob,
                    tenant: "tenant-b",
                    json: ["topic": "job.hello.greet", "input": ["name": "E"]]
                ),
                try await api.call(.get, "/audit", key: APITestHost.Key.alice),
                try await api.call(.get, "/audit/verify"),
                try await api.call(.post, "/locks/acquire", key: APITestHost.Key.bob, tenant: "tenant-b", raw: "{oops"),
            ]
            await host.services.host.settle()
            for answer in calls { await bodies.add(answer.body) }
        }
        let answers = await bodies.all
        let logs = host.logs.all
        let audit = try host.auditLines()
        #expect(logs.contains { $0.contains("request") && $0.contains("alice") && $0.contains("/api/v1/status") })
        #expect(logs.contains { $0.contains("request failed") && $0.contains("unauthenticated") })
        #expect(!audit.isEmpty)
        for secret in secrets {
            #expect(!answers.contains { $0.contains(secret) })
            #expect(!logs.contains { $0.contains(secret) })
            #expect(!audit.contains { $0.contains(secret) })
        }
    }

    @Test func aFirstStartCreatesOneHashedAdminKeyInAPrivateFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let (store, created) = try APIKeyStore.loadOrCreate(dataDirectory: directory.path)
        let secret = try #require(created)
        #expect(store.authenticate(secret)?.admin == true)
        #expect(store.authenticate(secret)?.allows(tenant: "any") == true)
        let path = directory.appendingPathComponent(APIKeyStore.fileName).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(secret))
        #expect(text.contains(APIKey.hash(secret)))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // The second start reads the file and creates nothing.
        let (again, none) = try APIKeyStore.loadOrCreate(dataDirectory: directory.path)
        #expect(none == nil)
        #expect(again.authenticate(secret)?.id == store.keys.first?.id)
        #expect(again.authenticate("ck_wrong") == nil)
    }

    @Test func aMalformedKeyFileNamesTheEntryAndField() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString).json").path
        try #"{"keys":[{"id":"a","principal":"p","tenants":["*"],"sha256":"zz"}]}"#.write(
            toFile: path,
            atomically: true,
            encoding: .utf8
        )
        #expect(throws: HostError.self) { try APIKeyStore.load(path: path) }
        do {
            _ = try APIKeyStore.load(path: path)
        } catch {
            #expect(error.message.contains("keys[0].sha256"))
        }
    }
}

/// Answers collected across a test client's closure.
actor Bodies {
    private(set) var all: [String] = []
    func add(_ body: String) { all.append(body) }
}
