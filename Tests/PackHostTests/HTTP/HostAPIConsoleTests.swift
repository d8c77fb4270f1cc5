import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// The web console as the host serves it: its files without a key, and sign-in sessions that keep the key out of
/// the browser (docs/console.md).
@Suite struct HostAPIConsoleTests {
    /// One raw answer.
    struct Raw {
        var status: Int
        var headers: HTTPFields
        var body: String
        var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
    }

    static func call(
        _ client: any TestClientProtocol,
        _ method: HTTPRequest.Method,
        _ uri: String,
        headers: HTTPFields = [:],
        json: JSONValue? = nil
    ) async throws -> Raw {
        var headers = headers
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(string: JSONEncoding.compact(json))
            headers[.contentType] = "application/json"
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Raw(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
        }
    }

    /// The `name=value` of a `Set-Cookie` header, for sending back.
    static func cookie(_ raw: Raw) throws -> String {
        let header = try #require(raw.headers[.setCookie])
        return String(try #require(header.split(separator: ";").first))
    }

    @Test func theConsoleIsServedWithoutAKeyWithAStrictContentSecurityPolicyAndOnlyItsOwnFiles() async throws {
        let host = try APITestHost()
        try await host.test { api in
            let page = try await Self.call(api.client, .get, "/")
            #expect(page.status == 200)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.body.contains("/console/console.js"))
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"))
            #expect(page.headers[.init("X-Frame-Options")!] == "DENY")
            for (name, type) in [("console.js", "text/javascript"), ("console.css", "text/css")] {
                let file = try await Self.call(api.client, .get, "/console/\(name)")
                #expect(file.status == 200, "\(name)")
                #expect(file.headers[.contentType]?.hasPrefix(type) == true, "\(name)")
            }
            for missing in ["/console/api-keys.json", "/console/..%2F..%2FPackage.swift", "/console/index.htm"] {
                let answer = try await Self.call(api.client, .get, missing)
                #expect(answer.status == 404, "\(missing): \(answer.body)")
            }
            // The page itself is open; the API behind it is not.
            #expect(try await Self.call(api.client, .get, "/api/v1/approvals").status == 401)
        }
    }

    @Test func signingInGivesAnHttpOnlyStrictCookieThatActsForTheKeysTenantOnly() async throws {
        let host = try APITestHost()
        try await host.test { api in
            let signIn = try await Self.call(
                api.client,
                .post,
                "/api/v1/session",
                json: ["api_key": .string(APITestHost.Key.alice), "tenant": "tenant-a"]
            )
            #expect(signIn.status == 200, "\(signIn.body)")
            #expect(signIn.json["principal"]?.stringValue == "alice")
            #expect(signIn.json["tenant"]?.stringValue == "tenant-a")
            #expect(!signIn.body.contains(APITestHost.Key.alice))
            let setCookie = try #require(signIn.headers[.setCookie])
            #expect(setCookie.hasPrefix("cordum_session="))
            #expect(
                setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/")
            )
            #expect(!setCookie.contains(APITestHost.Key.alice))
            let cookie = try Self.cookie(signIn)

            // Reads with the cookie alone act as alice in tenant-a.
            let me = try await Self.call(api.client, .get, "/api/v1/session", headers: [.cookie: cookie])
            #expect(me.json["principal"]?.stringValue == "alice")
            #expect(
                try await Self.call(api.client, .get, "/api/v1/approvals", headers: [.cookie: cookie]).status == 200
            )
            // Another tenant through a header is refused.
            let other = try await Self.call(
                api.client,
                .get,
                "/api/v1/approvals",
                headers: [.cookie: cookie, APIAuthMiddleware.tenantHeader: "tenant-b"]
            )
            #expect(other.status == 403)
            // A change needs the console's header (a cross-site form cannot send it).
            let run: JSONValue = ["name": "Ada"]
            let forged = try await Self.call(
                api.client,
                .post,
                "/api/v1/workflows/nope/runs",
                headers: [.cookie: cookie],
                json: run
            )
            #expect(forged.status == 403, "\(forged.body)")
            let console = try await Self.call(
                api.client,
                .post,
                "/api/v1/workflows/nope/runs",
                headers: [.cookie: cookie, APIAuthMiddleware.requestedWithHeader: "cordum-console"],
                json: run
            )
            #expect(console.status == 404, "\(console.body)")

            // Signing out ends the session.
            let out = try await Self.call(
                api.client,
                .delete,
                "/api/v1/session",
                headers: [.cookie: cookie, APIAuthMiddleware.requestedWithHeader: "cordum-console"]
            )
            #expect(out.status == 204)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await Self.call(api.client, .get, "/api/v1/session", headers: [.cookie: cookie]).status == 401)
        }
    }

    @Test func signInRefusesBadKeysOtherTenantsAndSessionsExpire() async throws {
        let host = try APITestHost()
        try await host.test { api in
            let wrong = try await Self.call(
                api.client,
                .post,
                "/api/v1/session",
                json: ["api_key": "ck_not_a_key", "tenant": "tenant-a"]
            )
            #expect(wrong.status == 401)
            #expect(wrong.headers[.setCookie] == nil)
            let elsewhere = try await Self.call(
                api.client,
                .post,
                "/api/v1/session",
                json: ["api_key": .string(APITestHost.Key.alice), "tenant": "tenant-b"]
            )
            #expect(elsewhere.status == 403)
            let missing = try await Self.call(
                api.client,
                .post,
                "/api/v1/session",
                json: ["api_key": .string(APITestHost.Key.alice)]
            )
            #expect(missing.status == 400)
            #expect(missing.json["error"]?["message"]?.stringValue?.contains("tenant") == true)
            #expect(
                try await Self.call(api.client, .get, "/api/v1/session", headers: [.cookie: "cordum_session=cs_forged"])
                    .status == 401
            )

            let signIn = try await Self.call(
                api.client,
                .post,
                "/api/v1/session",
                json: ["api_key": .string(APITestHost.Key.bob), "tenant": "tenant-b"]
            )
            let cookie = try Self.cookie(signIn)
            #expect(try await Self.call(api.client, .get, "/api/v1/session", headers: [.cookie: cookie]).status == 200)
            host.clock.advance(milliseconds: 8 * 3_600_000 + 1)
            #expect(try await Self.call(api.client, .get, "/api/v1/session", headers: [.cookie: cookie]).status == 401)
        }
    }
}
