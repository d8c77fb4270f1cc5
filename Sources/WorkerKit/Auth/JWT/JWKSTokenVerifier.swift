public import AsyncHTTPClient
public import Foundation
import JWTKit
import NIOCore
import NIOHTTP1
public import StructuredData

/// Verifies bearer JWTs that a vendor's service sends (the Bot Framework's calls to a bot, an OpenID provider's ID
/// tokens): the signature against the keys the issuer publishes, then the issuer, the audience and the validity
/// window. The keys come from the OpenID configuration's `jwks_uri`, fetched on first use and cached for
/// `keyLifetime` (a day, as Microsoft advises for the Bot Framework); a token whose `kid` is not among them makes
/// one early refetch (the issuer rotated its keys), at most once per `refetchInterval`, so forged `kid`s cannot make
/// the verifier hammer the issuer.
///
/// vapor/jwt-kit parses the JWKS and checks RS256/ES256 signatures; this type adds the fetching, caching and the
/// claim checks with their own refusal reasons (jwt-kit's claim errors do not say which check failed).
///
/// ```swift
/// let verifier = JWKSTokenVerifier(
///     openIDConfiguration: "https://login.botframework.com/v1/.well-known/openidconfiguration",
///     issuers: ["https://api.botframework.com"], audiences: [botAppID])
/// let claims = try await verifier.verify(bearerToken)   // throws JWKSTokenVerifier.Refusal
/// ```
public actor JWKSTokenVerifier {
    /// Why a token was refused; `reason` is stable, `description` never holds the token.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// `malformed`, `unsupported_algorithm`, `unknown_key`, `bad_signature`, `wrong_issuer`, `wrong_audience`,
        /// `expired`, `not_yet_valid`, `missing_expiry`, `keys_unavailable`.
        public var reason: String
        /// What was wrong.
        public var message: String
        public var description: String { "\(reason): \(message)" }
    }

    let configurationURL: String
    let issuers: Set<String>
    let audiences: Set<String>
    let algorithms: Set<String>
    let leeway: TimeInterval
    let keyLifetime: TimeInterval
    let refetchInterval: TimeInterval
    let http: HTTPClient
    let fetchTimeout: TimeAmount
    let now: @Sendable () -> Date
    var keys: JWTKeyCollection?
    var keyIDs: Set<String> = []
    var fetchedAt: Date?
    /// How many times the keys were fetched (for tests and metrics).
    public private(set) var fetches = 0

    /// A verifier.
    /// - Parameters:
    ///   - openIDConfiguration: The OpenID configuration URL (its `jwks_uri` names the keys).
    ///   - issuers: The accepted `iss` values.
    ///   - audiences: The accepted `aud` values (one must match).
    ///   - algorithms: The accepted `alg` values (default RS256).
    ///   - leeway: Clock skew allowed on `exp` and `nbf` (5 minutes, as the Bot Framework's SDKs allow).
    ///   - keyLifetime: How long fetched keys are used before fetching again.
    ///   - refetchInterval: The least time between fetches caused by an unknown `kid`.
    ///   - fetchTimeout: How long each of the two fetches (the OpenID configuration, then its keys) may take.
    ///   - http: The client (default the shared one).
    ///   - now: The clock.
    public init(
        openIDConfiguration: String,
        issuers: Set<String>,
        audiences: Set<String>,
        algorithms: Set<String> = ["RS256"],
        leeway: TimeInterval = 300,
        keyLifetime: TimeInterval = 86_400,
        refetchInterval: TimeInterval = 300,
        fetchTimeout: Duration = .seconds(10),
        http: HTTPClient = .shared,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configurationURL = openIDConfiguration
        self.issuers = issuers
        self.audiences = audiences
        self.algorithms = algorithms
        self.leeway = leeway
        self.keyLifetime = keyLifetime
        self.refetchInterval = refetchInterval
        self.fetchTimeout = .nanoseconds(
            fetchTimeout.components.seconds * 1_000_000_000 + fetchTimeout.components.attoseconds / 1_000_000_000
        )
        self.http = http
        self.now = now
    }

    struct Claims: JWTPayload {
        var iss: String?
        var aud: AudienceClaim?
        var exp: Double?
        var nbf: Double?
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// Verifies `token` and returns its claims.
    /// - Throws: ``Refusal``.
    public func verify(_ token: String) async throws(Refusal) -> JSONValue {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = Self.segment(parts[0]), let payload = Self.segment(parts[1]) else {
            throw Refusal(reason: "malformed", message: "the token is not a signed JWT")
        }
        guard let alg = header["alg"]?.stringValue, algorithms.contains(alg) else {
            throw Refusal(
                reason: "unsupported_algorithm",
                message: "the token's alg is not one of \(algorithms.sorted().joined(separator: ", "))"
            )
        }
        let kid = header["kid"]?.stringValue ?? ""
        var collection = try await currentKeys(forceIfMissing: kid)
        if !keyIDs.contains(kid) {
            if let fetchedAt, now().timeIntervalSince(fetchedAt) >= refetchInterval {
                collection = try await fetchKeys()
            }
            guard keyIDs.contains(kid) else {
                throw Refusal(
                    reason: "unknown_key",
                    message: "the token's key id is not among the issuer's published keys"
                )
            }
        }
        do {
            _ = try await collection.verify(token, as: Claims.self)
        } catch {
            throw Refusal(reason: "bad_signature", message: "the token's signature does not match the issuer's key")
        }
        guard let issuer = payload["iss"]?.stringValue, issuers.contains(issuer) else {
            throw Refusal(reason: "wrong_issuer", message: "the token's issuer is not accepted")
        }
        let audience: [String] =
            payload["aud"]?.stringValue.map { [$0] } ?? payload["aud"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard audience.contains(where: audiences.contains) else {
            throw Refusal(reason: "wrong_audience", message: "the token is meant for another audience")
        }
        let time = now().timeIntervalSince1970
        guard let expiry = payload["exp"]?.doubleValue else {
            throw Refusal(reason: "missing_expiry", message: "the token has no exp")
        }
        guard time <= expiry + leeway else {
            throw Refusal(reason: "expired", message: "the token expired \(Int(time - expiry)) s ago")
        }
        if let notBefore = payload["nbf"]?.doubleValue, time + leeway < notBefore {
            throw Refusal(reason: "not_yet_valid", message: "the token is not valid before its nbf")
        }
        return payload
    }

    /// The cached keys, fetched when absent or older than `keyLifetime`.
    func currentKeys(forceIfMissing kid: String) async throws(Refusal) -> JWTKeyCollection {
        if let keys, let fetchedAt, now().timeIntervalSince(fetchedAt) < keyLifetime { return keys }
        return try await fetchKeys()
    }

    func fetchKeys() async throws(Refusal) -> JWTKeyCollection {
        do {
            let configuration = try await getJSON(configurationURL)
            guard let jwksURL = configuration["jwks_uri"]?.stringValue,
                jwksURL.hasPrefix("https://") || jwksURL.hasPrefix("http://")
            else {
                throw Refusal(reason: "keys_unavailable", message: "the OpenID configuration has no jwks_uri")
            }
            let jwks = try await getJSON(jwksURL)
            let collection = JWTKeyCollection()
            var ids: Set<String> = []
            for key in jwks["keys"]?.arrayValue ?? [] {
                guard let id = key["kid"]?.stringValue,
                    key["kty"]?.stringValue == "RSA" || key["kty"]?.stringValue == "EC",
                    let jwk = try? JSONDecoder().decode(JWK.self, from: Data(JSONEncoding.compact(key).utf8))
                else { continue }
                do {
                    try await collection.add(jwk: jwk)
                    ids.insert(id)
                } catch {
                    continue
                }
            }
            fetches += 1
            keys = collection
            keyIDs = ids
            fetchedAt = now()
            return collection
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal(reason: "keys_unavailable", message: "the issuer's keys could not be fetched: \(error)")
        }
    }

    func getJSON(_ url: String) async throws -> JSONValue {
        let response = try await http.execute(HTTPClientRequest(url: url), timeout: fetchTimeout)
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else {
            throw Refusal(reason: "keys_unavailable", message: "GET \(url) answered \(response.status.code)")
        }
        return try JSONParser.parse(String(buffer: body))
    }

    static func segment(_ part: Substring) -> JSONValue? {
        var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text),
            let json = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
            case .object = json
        else { return nil }
        return json
    }
}
