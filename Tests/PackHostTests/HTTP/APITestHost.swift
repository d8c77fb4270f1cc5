import Foundation
import HTTPTypes
import HelloWorker
import Hummingbird
import HummingbirdTesting
import Logging
import PackHost
import PackTesting
import StructuredData
import Synchronization
import Testing
import WorkerKit
import WorkflowEngine

/// A host on fresh stores with the API on top, known keys, and a log that tests can read.
struct APITestHost {
    /// Key secrets by role.
    enum Key {
        static let admin = "ck_test_admin_0123456789abcdef"
        static let alice = "ck_test_alice_for_tenant_a_only"
        static let bob = "ck_test_bob_for_tenant_b_only"
        /// An approver in every tenant, with no other role: the second person of separation of duties.
        static let carol = "ck_test_carol_approves_only"
    }

    let services: HostServices
    let clock: ManualClock
    let keys: APIKeyStore
    let logs: LogRecorder
    let api: HostAPI

    init(limits: HostAPI.Limits = HostAPI.Limits(), configuration: HostConfiguration = HostConfiguration()) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("host-api-\(UUID().uuidString)")
        clock = ManualClock()
        let logs = LogRecorder()
        self.logs = logs
        let logger = logs.logger(label: "test")
        services = try HostServices.open(
            paths: HostPaths(dataDirectory: directory.path),
            configuration: configuration,
            clock: clock,
            logger: logger
        )
        keys = APIKeyStore(keys: [
            APIKey(id: "admin", principal: "root", tenants: ["*"], admin: true, sha256: APIKey.hash(Key.admin)),
            APIKey(
                id: "alice",
                principal: "alice",
                tenants: ["tenant-a"],
                admin: false,
                sha256: APIKey.hash(Key.alice)
            ),
            APIKey(id: "bob", principal: "bob", tenants: ["tenant-b"], admin: false, sha256: APIKey.hash(Key.bob)),
            APIKey(id: "carol", principal: "carol", tenants: ["*"], roles: [.approve], sha256: APIKey.hash(Key.carol)),
        ])
        api = HostAPI(services: services, keys: keys, limits: limits, logger: logger)
    }

    /// Registers the hello pack's in-process worker.
    /// - Parameters:
    ///   - guestbook: where the worker signs.
    ///   - supportsDryRun: whether the worker declares dry-run support (the hello worker does).
    func registerHelloWorker(guestbook: Guestbook = Guestbook(), supportsDryRun: Bool = true) async throws {
        var worker = HelloWorker.make(guestbook: guestbook)
        worker.supportsDryRun = supportsDryRun
        try await services.host.register(InProcessWorker(worker, pool: "hello"))
    }

    /// Runs `body` with a router test client.
    func test(_ body: @Sendable (APIClient) async throws -> Void) async throws {
        let app = Application(router: api.makeRouter())
        try await app.test(.router) { client in try await body(APIClient(client: client)) }
    }

    /// Every audit record, as export lines.
    func auditLines() throws -> [String] {
        try services.audit.records(tenant: nil, limit: 100_000).map(\.exportLine)
    }

    /// The hello pack folder.
    static var helloPath: String { StaticCatalog.helloPath }
}

/// One API answer.
struct APIAnswer {
    let status: Int
    let body: String
    var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
    var errorCode: String? { json["error"]?["code"]?.stringValue }
    var errorMessage: String { json["error"]?["message"]?.stringValue ?? "" }
}

/// Calls the API with a key and a tenant.
struct APIClient: Sendable {
    let client: any TestClientProtocol

    func call(
        _ method: HTTPRequest.Method,
        _ path: String,
        key: String? = APITestHost.Key.admin,
        tenant: String? = "tenant-a",
        json: JSONValue? = nil,
        raw: String? = nil,
        bytes: [UInt8]? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> APIAnswer {
        var headers = extra
        if let key { headers[APIAuthMiddleware.apiKeyHeader] = key }
        if let tenant { headers[APIAuthMiddleware.tenantHeader] = tenant }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(string: JSONEncoding.compact(json))
            headers[.contentType] = "application/json"
        } else if let raw {
            body = ByteBuffer(string: raw)
        } else if let bytes {
            body = ByteBuffer(bytes: bytes)
        }
        return try await client.execute(uri: "/api/v1" + path, method: method, headers: headers, body: body) {
            response in
            APIAnswer(status: Int(response.status.code), body: String(buffer: response.body))
        }
    }
}

extension APIClient {
    /// Installs the hello pack and an operator bundle that holds every direct guestbook signature for a person
    /// (the pack itself lets signatures through: its workflow's approval step gates them).
    func installHelloHoldingSignatures() async throws {
        _ = try await call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
        let fragment = """
            version: "1"
            rules:
              - id: hold-sign
                match:
                  topics: [job.hello.guestbook.sign]
                decision: require_approval
                reason: a person signs off every direct signature
            """
        let policy = try await call(
            .post,
            "/config",
            json: [
                "scope": "system", "scope_id": "policy",
                "data": ["bundles": ["00-secops/hold-sign": ["content": .string(fragment), "enabled": true]]],
            ]
        )
        #expect(policy.status == 204, "\(policy.body)")
    }
}
