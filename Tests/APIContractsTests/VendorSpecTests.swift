import APIContracts
import Foundation
import Testing

/// Every description in ../shared/vendor-specs loads, with the operation count the vendor published.
@Suite("Vendor descriptions load")
struct VendorSpecTests {
    /// `shared/vendor-specs` beside the repository (the project's checkouts sit next to `shared/`).
    static let folder: String? = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let candidates = [
            url.deletingLastPathComponent().appendingPathComponent("shared/vendor-specs").path,
            "/work/shared/vendor-specs",
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }()

    static let expected: [(file: String, version: APIDocument.Version, operations: Int)] = [
        ("slack/slack_web_openapi_v2.json", .swagger2, 174),
        ("pagerduty/rest_openapiv3.json", .openAPI30, 465),
        ("pagerduty/events_v2_openapiv3.json", .openAPI30, 2),
        ("sentry/openapi-derefed.json", .openAPI30, 223),
        ("vault/openapi.json", .openAPI30, 1049),
        ("jira/swagger-v3.v3.json", .openAPI30, 616),
        ("datadog/v1_openapi.yaml", .openAPI30, 235),
        ("terraform-cloud/spec.json", .openAPI30, 380),
        ("prometheus/openapi_3.1_golden.yaml", .openAPI31, 49),
        ("jaeger/query_service.openapi.json", .openAPI30, 8),
    ]

    @Test(arguments: expected.map(\.file))
    func loads(_ file: String) throws {
        guard let folder = Self.folder else {
            print("vendor-specs folder absent (../shared/vendor-specs): skipping \(file)")
            return
        }
        let start = ContinuousClock.now
        let document = try APIDocument(contentsOf: "\(folder)/\(file)")
        let elapsed = ContinuousClock.now - start
        let entry = try #require(Self.expected.first { $0.file == file })
        print("LOAD \(file) \(document.version.rawValue) \(document.operations.count) operations \(elapsed)")
        #expect(document.version == entry.version)
        #expect(document.operations.count == entry.operations)
    }
}

/// Every schema of every vendor description compiles, and real-looking exchanges check as the vendor describes.
@Suite("Vendor descriptions validate")
struct VendorValidationTests {
    func load(_ file: String) throws -> APIDocument? {
        guard let folder = VendorSpecTests.folder else {
            print("vendor-specs folder absent (../shared/vendor-specs): skipping \(file)")
            return nil
        }
        return try APIDocument(contentsOf: "\(folder)/\(file)")
    }

    @Test(arguments: VendorSpecTests.expected.map(\.file))
    func everySchemaCompiles(_ file: String) throws {
        guard let document = try load(file) else { return }
        let start = ContinuousClock.now
        let problems = ContractValidator(document: document).schemaProblems()
        print("COMPILE \(file) \(ContinuousClock.now - start) \(problems.count) problems")
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test func slackPostMessage() throws {
        guard let document = try load("slack/slack_web_openapi_v2.json") else { return }
        let validator = ContractValidator(document: document)
        let exchange = HTTPExchange(
            request: HTTPExchange.Request(
                method: "POST",
                url: "https://slack.com/api/chat.postMessage",
                headers: ["content-type": "application/x-www-form-urlencoded", "token": "xoxb-test"],
                body: "channel=C0123456789&text=hello"
            ),
            response: HTTPExchange.Response(
                status: 200,
                headers: ["content-type": "application/json"],
                body: #"""
                    {"ok": true, "channel": "C0123456789", "ts": "1503435956.000247",
                     "message": {"type": "message", "text": "hello", "ts": "1503435956.000247"}}
                    """#
            )
        )
        #expect(validator.check(exchange).isEmpty, "\(validator.check(exchange))")
        var missing = exchange
        missing.request.body = "text=hello"
        missing.response?.body = #"{"ok": "yes"}"#
        let found = validator.check(missing)
        #expect(found.contains { $0.location == "request.formData.channel" && $0.code == .missingParameter })
        #expect(found.contains { $0.location.hasPrefix("response.body") })
    }

    @Test func prometheusQuery() throws {
        guard let document = try load("prometheus/openapi_3.1_golden.yaml") else { return }
        let validator = ContractValidator(document: document)
        let operation = validator.operation(method: "GET", path: "/api/v1/query")
        #expect(operation != nil)
        let exchange = HTTPExchange(
            request: HTTPExchange.Request(method: "GET", url: "/api/v1/query?query=up"),
            response: HTTPExchange.Response(
                status: 200,
                headers: ["content-type": "application/json"],
                body: #"{"status": "success", "data": {"resultType": "vector", "result": []}}"#
            )
        )
        #expect(validator.check(exchange).isEmpty, "\(validator.check(exchange))")
    }

    @Test func vaultRoutesLiveUnderV1() throws {
        guard let document = try load("vault/openapi.json") else { return }
        let exchange = HTTPExchange(
            request: HTTPExchange.Request(method: "GET", url: "http://127.0.0.1:8200/v1/sys/health"),
            response: HTTPExchange.Response(status: 200, headers: ["content-type": "application/json"], body: "{}")
        )
        // Without the base path, /v1/sys/health reads as a KV v1 secret "sys/health" in a mount named "v1".
        let rootless = ContractValidator(document: document).operation(method: "GET", path: "/v1/sys/health")
        #expect(rootless?.operation.pathTemplate == "/{kv_v1_mount_path}/{path}")
        let validator = ContractValidator(document: document, basePath: "/v1")
        #expect(validator.operation(method: "GET", path: "/v1/sys/health")?.operation.name == "read-health-status")
        #expect(validator.check(exchange).isEmpty)
        var teapot = exchange
        teapot.response?.status = 418
        #expect(validator.check(teapot).map(\.code) == [.undocumentedStatus])
    }
}
