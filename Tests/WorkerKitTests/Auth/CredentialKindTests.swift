import Foundation
import NIOHTTP1
import StructuredData
import Testing
import WorkerKit

@Suite("Credential kinds from profile fields")
struct CredentialKindTests {
    @Test func basicAuthSendsTheUserAndPasswordAndNeverShowsThePassword() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            let expected = "Basic " + Data("ops@acme.example:pa55-w0rd-xyz".utf8).base64EncodedString()
            return request.headers.first(name: "authorization") == expected
                ? ScriptedResponse(body: #"{"items":[]}"#)
                : ScriptedResponse(status: .unauthorized, body: #"{"message":"bad pa55-w0rd-xyz"}"#)
        }
        defer { Task { await server.stop() } }
        let rig = try CredentialTransportRig(
            profiles: """
                [{"name": "jira", "base_url": "\(server.baseURL)", "username": "ops@acme.example", "password_env": "JIRA_TOKEN"},
                 {"name": "wrong", "base_url": "\(server.baseURL)", "auth": "basic", "username": "ops@acme.example", "password": "not-the-password"}]
                """,
            environment: ["JIRA_TOKEN": "pa55-w0rd-xyz"]
        )
        let profile = try rig.transport.profile(for: ["profile": "jira"])
        #expect(profile.authKind == "basic")
        #expect(try await rig.get("jira").status == 200)
        let error = try #require(await rig.failure("wrong"))
        #expect(error.code == .unauthorized)
        // A static credential is not retried.
        #expect(server.requests.count == 2)
        for text in [error.message] + rig.logs.all {
            #expect(!text.contains("pa55-w0rd-xyz") && !text.contains("not-the-password"))
        }
        #expect(!profile.vendorProfile.description.contains("pa55-w0rd-xyz"))
    }

    @Test func apiKeysGoInTheVendorsHeaders() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(body: "{}") }
        defer { Task { await server.stop() } }
        // Datadog's two keys, from the pack's defaults.
        let datadog = try CredentialTransportRig(
            profiles: """
                [{"name": "dd", "base_url": "\(server.baseURL)", "api_key": "dd-api-1", "application_key": "dd-app-2"}]
                """,
            defaults: CredentialDefaults(apiKeyHeader: "DD-API-KEY", applicationKeyHeader: "DD-APPLICATION-KEY")
        )
        _ = try await datadog.get("dd")
        // PagerDuty's custom Authorization scheme, set in the profile.
        let pagerduty = try CredentialTransportRig(
            profiles: """
                [{"name": "pd", "base_url": "\(server.baseURL)", "auth": "api_key", "api_key": "pd-key-3",
                  "api_key_header": "Authorization", "api_key_prefix": "Token token="}]
                """
        )
        _ = try await pagerduty.get("pd")
        let requests = server.requests
        #expect(requests.count == 2)
        #expect(requests[0].headers.first(name: "DD-API-KEY") == "dd-api-1")
        #expect(requests[0].headers.first(name: "DD-APPLICATION-KEY") == "dd-app-2")
        #expect(requests[0].headers.first(name: "Authorization") == nil)
        #expect(requests[1].headers.first(name: "Authorization") == "Token token=pd-key-3")
        #expect(try pagerduty.transport.profile(for: ["profile": "pd"]).authKind == "api_key")
        #expect(datadog.settings.secrets.containsSecret("dd-app-2"))
    }

    @Test func theKindFollowsFromTheFieldsSet() throws {
        let cases: [(fields: [String: String], kind: CredentialKind)] = [
            (["token": "t"], .bearer),
            (["username": "u", "password": "p"], .basic),
            (["api_key": "k"], .apiKey),
            (
                ["client_id": "c", "client_secret": "s", "token_url": "https://id.example/token"],
                .oauthClientCredentials
            ),
            (["client_id": "c", "client_secret": "s", "refresh_token": "r"], .oauthRefreshToken),
            (["service_account_json": "{}"], .jwtBearer),
            ([:], .none),
            (["auth": "none", "token": "t"], .none),
        ]
        for (fields, kind) in cases {
            let profile = VendorProfile(name: "p", credentials: fields)
            #expect(try profile.credentialKind() == kind)
        }
    }

    @Test func aMissingOrInvalidFieldFailsAtStartNamingIt() throws {
        let cases: [(profile: String, code: CredentialError.Code, field: String)] = [
            (#"{"name": "a", "auth": "basic", "password": "p"}"#, .missingField, "username"),
            (
                #"{"name": "a", "auth": "oauth_refresh_token", "client_id": "c", "refresh_token": "r"}"#, .missingField,
                "token_url"
            ),
            (#"{"name": "a", "auth": "kerberos"}"#, .conflictingFields, "auth"),
            (#"{"name": "a", "api_key": "k", "application_key": "k2"}"#, .missingField, "application_key_header"),
            (#"{"name": "a", "api_key": "k", "api_key_header": "Bad Header"}"#, .invalidToken, "api_key_header"),
            (
                #"{"name": "a", "service_account_json": "{\"client_email\": \"x@y\"}"}"#, .invalidKey,
                "service_account_json.private_key"
            ),
            (
                #"{"name": "a", "ca_pem": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"}"#,
                .invalidCertificate, "ca_pem"
            ),
            (#"{"name": "a", "ca_pem": "hello"}"#, .invalidCertificate, "ca_pem"),
            (#"{"name": "a", "ca_file": "/nonexistent/ca.pem"}"#, .unreadableFile, "ca_file"),
            (
                #"{"name": "a", "client_key_pem": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"}"#,
                .missingField, "client_key_pem"
            ),
        ]
        for (json, code, field) in cases {
            let profile = try VendorSettings(packID: "acme", environment: ["CORDUM_ACME_PROFILES": "[\(json)]"])
                .profiles["a"]!
            let http = VendorHTTPClient(vendor: "Acme", secrets: SecretRegistry())
            let error = #expect(throws: CredentialError.self) {
                _ = try profile.tls()
                _ = try profile.credentialProvider(http: http, tokens: ExchangedTokenCache())
            }
            #expect(error?.code == code, "\(json)")
            #expect(error?.field == field, "\(json)")
        }
        // The transport reports it as a configuration error naming the variable and the profile.
        let error = #expect(throws: ConfigurationError.self) {
            _ = try CredentialTransportRig(profiles: #"[{"name": "ops", "auth": "basic", "password": "hunter2-long"}]"#)
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains("CORDUM_ACME_PROFILES profile \"ops\": username") == true)
        #expect(error?.message.contains("hunter2-long") == false)
    }
}

@Suite("Credential transport: inline auth and single-profile variables")
struct CredentialInlineAuthTests {
    @Test func inlineAuthMayNotRedirectTheTokenOrChangeTheTrust() throws {
        let settings = try VendorSettings(
            packID: "acme",
            environment: [
                "CORDUM_ACME_PROFILES":
                    #"[{"name": "sn", "base_url": "https://sn.example", "client_id": "c", "client_secret": "configured-secret-9", "token_url": "/oauth_token.do"}]"#,
                "CORDUM_ACME_ALLOW_INLINE_AUTH": "true",
            ]
        )
        let transport = try CredentialTransport(
            settings: settings,
            http: VendorHTTPClient(vendor: "Acme", secrets: settings.secrets)
        )
        for field in [
            "token_url", "ca_file", "client_key_file", "client_cert_pem", "assertion_certificate_file",
            "assertion_key_file",
        ] {
            let error = #expect(throws: WorkerError.self) {
                _ = try transport.profile(for: ["profile": "sn", "auth": [field: "https://evil.example/x"]])
            }
            #expect(error?.code == .invalidInput, "\(field)")
            #expect(error?.message.contains(field) == true)
        }
        // A job's own credentials are fine.
        let profile = try transport.profile(for: ["profile": "sn", "auth": ["client_secret": "job-secret-7"]])
        #expect(profile.authKind == "oauth")
    }

    @Test func theSingleProfileReadsTheCredentialFieldsFromVariables() throws {
        let settings = try VendorSettings(
            packID: "acme",
            environment: [
                "CORDUM_ACME_BASE_URL": "https://acme.atlassian.net",
                "CORDUM_ACME_USERNAME": "ops@acme.example",
                "CORDUM_ACME_PASSWORD": "jira-api-token-5",
            ],
            profileFields: CredentialKind.profileFields
        )
        let profile = try #require(settings.profiles["default"])
        #expect(try profile.credentialKind() == .basic)
        #expect(profile.credentials["password"] == "jira-api-token-5")
        #expect(settings.secrets.containsSecret("jira-api-token-5"))
        #expect(!settings.secrets.containsSecret("ops@acme.example"))
    }
}
