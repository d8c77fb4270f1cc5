import Crypto
import CryptoExtras
import Foundation
import NIOHTTP1
import StructuredData
import Synchronization
import Testing
import WorkerKit

/// A token endpoint and an API on one loopback server: `/token` answers the refresh-token grant (rotating the
/// refresh token on every use and refusing a spent one) and the JWT-bearer grant (verifying the assertion with the
/// service account's public key); `/items` accepts the access tokens handed out and not revoked.
final class OAuthServerState: Sendable {
    struct State {
        var refreshToken = "rt-0"
        var issued = 0
        var valid: Set<String> = []
        var assertions: [[String: JSONValue]] = []
        var refuseAllAPICalls = false
    }

    let state = Mutex(State())

    func respond(_ request: ReceivedRequest) -> ScriptedResponse {
        let json = [("Content-Type", "application/json")]
        if request.uri.hasPrefix("/items") {
            let authorization = request.headers.first(name: "authorization") ?? ""
            let ok = state.withLock { !$0.refuseAllAPICalls && $0.valid.contains(authorization) }
            return ok
                ? ScriptedResponse(headers: json, body: #"{"items":[1]}"#)
                : ScriptedResponse(status: .unauthorized, headers: json, body: #"{"message":"token expired"}"#)
        }
        let form = Self.form(request.body)
        switch form["grant_type"] {
        case "refresh_token":
            let given = form["refresh_token"] ?? ""
            return state.withLock { state in
                guard given == state.refreshToken, form["client_id"] == "sn-client",
                    form["client_secret"] == "sn-secret"
                else {
                    return ScriptedResponse(
                        status: .badRequest,
                        headers: json,
                        body: #"{"error":"invalid_grant","error_description":"refresh token \#(given) is not valid"}"#
                    )
                }
                state.issued += 1
                state.refreshToken = "rt-\(state.issued)"
                let access = "at-\(state.issued)"
                state.valid.insert("Bearer " + access)
                return ScriptedResponse(
                    headers: json,
                    body:
                        #"{"access_token":"\#(access)","refresh_token":"\#(state.refreshToken)","token_type":"Bearer","expires_in":600}"#
                )
            }
        case "password":
            return state.withLock { state in
                guard form["username"] == "svc.cordum", form["password"] == "pw-5d1e", form["client_id"] == "sn-client",
                    form["client_secret"] == "sn-secret"
                else {
                    return ScriptedResponse(status: .unauthorized, headers: json, body: #"{"error":"invalid_grant"}"#)
                }
                state.issued += 1
                state.refreshToken = "rt-\(state.issued)"
                let access = "at-\(state.issued)"
                state.valid.insert("Bearer " + access)
                return ScriptedResponse(
                    headers: json,
                    body:
                        #"{"access_token":"\#(access)","refresh_token":"\#(state.refreshToken)","token_type":"Bearer","expires_in":600}"#
                )
            }
        case OAuthJWTBearer.grantType:
            guard let claims = Self.verifiedClaims(form["assertion"] ?? "") else {
                return ScriptedResponse(status: .badRequest, headers: json, body: #"{"error":"invalid_grant"}"#)
            }
            return state.withLock { state in
                state.assertions.append(claims)
                state.issued += 1
                let access = "ya29.sa-\(state.issued)"
                state.valid.insert("Bearer " + access)
                return ScriptedResponse(
                    headers: json,
                    body: #"{"access_token":"\#(access)","token_type":"Bearer","expires_in":3599}"#
                )
            }
        default:
            return ScriptedResponse(status: .badRequest, headers: json, body: #"{"error":"unsupported_grant_type"}"#)
        }
    }

    func revokeAll() { state.withLock { $0.valid = [] } }

    static func form(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    /// The assertion's claims when its RS256 signature verifies with the test service account's public key.
    static func verifiedClaims(_ jwt: String) -> [String: JSONValue]? {
        let segments = jwt.split(separator: ".")
        guard segments.count == 3, let signature = base64URLDecode(segments[2]),
            let payload = base64URLDecode(segments[1]), let header = base64URLDecode(segments[0])
        else { return nil }
        let signed = Data("\(segments[0]).\(segments[1])".utf8)
        guard
            AuthTestKeys.rsa.publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature),
                for: signed,
                padding: .insecurePKCS1v1_5
            ),
            (try? JSONParser.parse(String(decoding: header, as: UTF8.self)))?["alg"]?.stringValue == "RS256"
        else { return nil }
        return (try? JSONParser.parse(String(decoding: payload, as: UTF8.self)))?.objectValue
    }
}

@Suite("OAuth refresh-token and JWT-bearer grants")
struct OAuthGrantTests {
    final class Clock: Sendable {
        let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var now: Date { current.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    @Test func aRotatedRefreshTokenIsUsedForTheNextExchange() async throws {
        let issuer = OAuthServerState()
        let server = try await TestHTTPServer.start { request, _ in issuer.respond(request) }
        defer { Task { await server.stop() } }
        let clock = Clock()
        let rig = try CredentialTransportRig(
            profiles: """
                [{"name": "sn", "base_url": "\(server.baseURL)", "client_id": "sn-client", "client_secret": "sn-secret",
                  "refresh_token_env": "SN_REFRESH", "token_url": "/oauth_token.do"}]
                """,
            environment: ["SN_REFRESH": "rt-0"],
            now: { clock.now }
        )
        #expect(try rig.transport.profile(for: ["profile": "sn"]).authKind == "oauth")
        #expect(try await rig.get("sn").status == 200)
        #expect(try await rig.get("sn").status == 200)
        #expect(server.requests.map(\.uri) == ["/oauth_token.do", "/items", "/items"])
        clock.advance(601)  // the access token expired: the next exchange spends the rotated rt-1, not rt-0
        #expect(try await rig.get("sn").status == 200)
        let forms = server.requests.filter { $0.uri == "/oauth_token.do" }.map { OAuthServerState.form($0.body) }
        #expect(forms.map { $0["refresh_token"] } == ["rt-0", "rt-1"])
        #expect(issuer.state.withLock { $0.refreshToken } == "rt-2")
        for token in ["rt-1", "rt-2", "at-1", "at-2", "sn-secret"] {
            #expect(rig.settings.secrets.containsSecret(token), "\(token)")
        }
    }

    @Test func aRefusedRefreshTokenIsUnauthorizedAndNeverShown() async throws {
        let issuer = OAuthServerState()
        let server = try await TestHTTPServer.start { request, _ in issuer.respond(request) }
        defer { Task { await server.stop() } }
        let rig = try CredentialTransportRig(
            profiles: """
                [{"name": "sn", "base_url": "\(server.baseURL)", "auth": "oauth_refresh_token", "client_id": "sn-client",
                  "client_secret": "sn-secret", "refresh_token": "rt-revoked-8f3a", "token_url": "\(server.baseURL)/token"}]
                """
        )
        let error = try #require(await rig.failure("sn"))
        #expect(error.code == .unauthorized)
        #expect(error.message.contains("refresh_token"))
        #expect(server.requests.count == 1)
        for text in [error.message] + rig.logs.all {
            #expect(!text.contains("rt-revoked-8f3a") && !text.contains("sn-secret"))
        }
    }

    @Test func thePasswordGrantIsRefreshedWithItsRefreshTokenAndAskedAgainWhenThatIsRefused() async throws {
        let issuer = OAuthServerState()
        let server = try await TestHTTPServer.start { request, _ in issuer.respond(request) }
        defer { Task { await server.stop() } }
        let clock = Clock()
        let rig = try CredentialTransportRig(
            profiles: """
                [{"name": "sn", "base_url": "\(server.baseURL)", "auth": "oauth_password", "client_id": "sn-client",
                  "client_secret": "sn-secret", "username": "svc.cordum", "password_env": "SN_PASSWORD",
                  "token_url": "/oauth_token.do"}]
                """,
            environment: ["SN_PASSWORD": "pw-5d1e"],
            now: { clock.now }
        )
        #expect(try rig.transport.profile(for: ["profile": "sn"]).authKind == "oauth")
        #expect(try await rig.get("sn").status == 200)
        clock.advance(601)  // expired: the refresh token rt-1 is spent, not the password
        #expect(try await rig.get("sn").status == 200)
        issuer.state.withLock { $0.refreshToken = "rt-revoked" }
        clock.advance(601)  // expired again, and rt-2 is refused: the password is sent once more
        #expect(try await rig.get("sn").status == 200)
        let grants = server.requests.filter { $0.uri == "/oauth_token.do" }.map {
            OAuthServerState.form($0.body)["grant_type"] ?? ""
        }
        #expect(grants == ["password", "refresh_token", "refresh_token", "password"])
        for token in ["pw-5d1e", "sn-secret", "rt-1", "at-1"] {
            #expect(rig.settings.secrets.containsSecret(token), "\(token)")
        }
        for text in rig.logs.all { #expect(!text.contains("pw-5d1e")) }
    }

    @Test func theJWTBearerAssertionIsSignedWithTheServiceAccountKey() async throws {
        let issuer = OAuthServerState()
        let server = try await TestHTTPServer.start { request, _ in issuer.respond(request) }
        defer { Task { await server.stop() } }
        let keyFile: JSONValue = [
            "type": "service_account", "project_id": "acme", "private_key_id": "k1",
            "private_key": .string(AuthTestKeys.rsa.pemRepresentation),
            "client_email": "worker@acme.iam.gserviceaccount.com", "token_uri": .string(server.baseURL + "/token"),
        ]
        let clock = Clock()
        let rig = try CredentialTransportRig(
            profiles: """
                [{"name": "gcp", "base_url": "\(server.baseURL)", "service_account_json_env": "GCP_KEY",
                  "scope": "https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/pubsub"}]
                """,
            environment: ["GCP_KEY": JSONEncoding.compact(keyFile)],
            now: { clock.now }
        )
        #expect(try await rig.get("gcp").status == 200)
        #expect(try await rig.get("gcp").status == 200)
        let claims = try #require(issuer.state.withLock { $0.assertions }.first)
        #expect(issuer.state.withLock { $0.assertions.count } == 1)
        #expect(claims["iss"]?.stringValue == "worker@acme.iam.gserviceaccount.com")
        #expect(claims["aud"]?.stringValue == server.baseURL + "/token")
        #expect(
            claims["scope"]?.stringValue
                == "https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/pubsub"
        )
        let iat = try #require(claims["iat"]?.intValue)
        let exp = try #require(claims["exp"]?.intValue)
        let now = Int(clock.now.timeIntervalSince1970)
        #expect(iat <= now && exp > now && exp - iat <= 3600)
        #expect(claims["sub"] == nil)
        #expect(rig.settings.secrets.containsSecret(AuthTestKeys.rsa.pemRepresentation))
    }
}
