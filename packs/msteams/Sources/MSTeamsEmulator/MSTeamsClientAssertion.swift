import Crypto
import EmulatorKit
import Foundation
import StructuredData
import SwiftASN1
import X509

/// Entra ID's check of a client assertion (certificate credentials, RFC 7523 §2.2) as the emulator's token endpoint
/// makes it: the client is registered; the header's `x5t` (SHA-1) or `x5t#S256` (SHA-256) names one of the
/// certificates registered for it (``MSTeamsWorld/certificates``); the signature verifies with that certificate's
/// public key (RS256, PS256 or ES256, EmulatorKit's ``JWTVerifier``); `aud` is this token URL; `iss` and `sub` are the
/// client id; `nbf`, `iat` and `exp` hold now (five minutes' skew, as Entra ID allows); the `jti` was never used.
/// Refusals are Entra ID's OAuth errors: `invalid_client` (401) with an AADSTS description — 700027 for an
/// unregistered certificate or a bad signature, 700024 for the time range, 700021 for `iss`/`sub`, 700023 for
/// `aud`, 50027 for a malformed or replayed assertion — and `unauthorized_client` (400, AADSTS700016) for an unknown
/// client.
struct MSTeamsClientAssertion: Sendable {
    static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    let state: SeededState<MSTeamsWorld>
    let now: @Sendable () -> Date

    /// Checks `assertion` for `clientID`, posted to `tokenURL`; records its `jti`.
    /// - Throws: ``MSTeamsError`` as Entra ID answers.
    func verify(_ assertion: String, type: String?, clientID: String?, tokenURL: String) async throws {
        guard type == Self.assertionType else {
            throw Self.refusal(
                400,
                "invalid_request",
                "AADSTS50027: client_assertion_type must be '\(Self.assertionType)'."
            )
        }
        let decoded: VerifiedJWT
        do {
            decoded = try JWTVerifier.decode(assertion)
        } catch {
            throw Self.refusal(401, "invalid_client", "AADSTS50027: JWT token is invalid or malformed.")
        }
        let client = clientID ?? decoded.issuer ?? ""
        let registered = state.withLock { world in
            world.clients[client] != nil ? world.certificates[client] ?? [] : world.certificates[client]
        }
        guard let registered else {
            throw Self.refusal(
                400,
                "unauthorized_client",
                "AADSTS700016: Application with identifier '\(client.prefix(64))' was not found in the directory."
            )
        }
        let sent = decoded.header["x5t"]?.stringValue ?? decoded.header["x5t#S256"]?.stringValue ?? ""
        guard let key = registered.lazy.compactMap({ Self.key(of: $0, thumbprint: sent) }).first else {
            throw Self.refusal(
                401,
                "invalid_client",
                "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '\(sent.prefix(64))']"
            )
        }
        let verifier = JWTVerifier(algorithms: ["RS256", "PS256", "ES256"], allowedSkew: 300, audience: tokenURL)
        let verified: VerifiedJWT
        do {
            verified = try await verifier.verify(assertion, now: now().timeIntervalSince1970) { issuer in
                issuer == client ? key : nil
            }
        } catch {
            throw Self.refusal(error)
        }
        guard verified.subject == client else {
            throw Self.refusal(
                401,
                "invalid_client",
                "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter (sub)."
            )
        }
        let jti = verified.claims["jti"]?.stringValue ?? ""
        let fresh = state.withLock { world in !jti.isEmpty && world.assertionIDs.insert(jti).inserted }
        guard fresh else {
            throw Self.refusal(
                401,
                "invalid_client",
                "AADSTS50027: JWT token is invalid or malformed: the client assertion's jti is missing or was already used."
            )
        }
    }

    /// The public key of `pem` when its thumbprint (SHA-1 or SHA-256 of the DER, base64url) is `thumbprint`.
    static func key(of pem: String, thumbprint: String) -> JWTVerifier.Key? {
        guard let document = try? PEMDocument(pemString: pem),
            let certificate = try? Certificate(derEncoded: document.derBytes),
            let publicKey = try? certificate.publicKey.serializeAsPEM().pemString
        else { return nil }
        let thumbprints = [
            MSTeamsBotFramework.base64URL(Data(Insecure.SHA1.hash(data: document.derBytes))),
            MSTeamsBotFramework.base64URL(Data(SHA256.hash(data: document.derBytes))),
        ]
        guard !thumbprint.isEmpty, thumbprints.contains(thumbprint) else { return nil }
        return P256.Signing.PublicKey(certificate.publicKey) != nil ? .ecdsaP256(pem: publicKey) : .rsa(pem: publicKey)
    }

    static func refusal(_ status: Int, _ code: String, _ description: String) -> MSTeamsError {
        MSTeamsError(status: status, code: code, message: description, oauth: true)
    }

    /// Entra ID's error for a verifier's refusal.
    static func refusal(_ error: JWTVerificationError) -> MSTeamsError {
        switch error.reason {
        case .malformed:
            refusal(401, "invalid_client", "AADSTS50027: JWT token is invalid or malformed.")
        case .missingIssuer, .unknownIssuer:
            refusal(
                401,
                "invalid_client",
                "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter (iss)."
            )
        case .unsupportedAlgorithm, .invalidKey, .badSignature:
            refusal(401, "invalid_client", "AADSTS700027: Client assertion failed signature validation.")
        case .missingIssuedAt, .missingExpiry, .issuedInFuture, .notYetValid, .expired, .lifetimeTooLong:
            refusal(
                401,
                "invalid_client",
                "AADSTS700024: Client assertion is not within its valid time range (\(error.message))."
            )
        case .wrongAudience:
            refusal(
                401,
                "invalid_client",
                "AADSTS700023: Client assertion audience claim does not match Realm issuer (aud must be the token URL)."
            )
        }
    }
}
