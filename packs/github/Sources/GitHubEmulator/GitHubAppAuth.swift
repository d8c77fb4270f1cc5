import EmulatorKit

/// GitHub App authentication: an RS256 JWT signed with the app's key, `iss` = a registered app id, `exp` in the
/// future and at most 10 minutes after `iat`, `iat` not in the future (60 s skew allowed), refused with GitHub's
/// messages.
enum GitHubAppAuth {
    /// The checks GitHub applies (EmulatorKit verifies the signature and the claims).
    static let verifier = JWTVerifier(algorithms: ["RS256"], maxLifetime: 600, allowedSkew: 60)

    /// The caller a verified app JWT stands for.
    static func caller(_ app: AppRecord) -> AuthenticatedCaller {
        AuthenticatedCaller(
            subject: "\(app.slug)[bot]",
            kind: "app",
            scopes: AuthenticatedCaller.scopes(canWrite: true),
            attributes: ["app_id": String(app.id)],
            credentialKind: "jwt",
            budgetKey: "app:\(app.id)"
        )
    }

    /// GitHub's 401 for a refused JWT.
    static func unauthorized(_ error: JWTVerificationError, token: String) -> GitHubAPIError {
        let issuer = (try? JWTVerifier.decode(token))?.issuer ?? ""
        let message: String
        switch error.reason {
        case .malformed, .notYetValid, .wrongAudience:
            message = "A JSON web token could not be decoded"
        case .unsupportedAlgorithm:
            message = "A JSON web token could not be decoded (alg must be RS256)"
        case .missingIssuer:
            message = "'Issuer' claim ('iss') must be an Integer (the app id)"
        case .unknownIssuer:
            message =
                Int(issuer) == nil
                ? "'Issuer' claim ('iss') must be an Integer (the app id)"
                : "Integration not found (no app with id \(issuer))"
        case .invalidKey, .badSignature:
            message = "A JSON web token could not be decoded (signature does not match app \(issuer)'s key)"
        case .missingIssuedAt:
            message = "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
        case .issuedInFuture:
            message = "'Issued at' claim ('iat') must be an Integer representing a time that is not in the future"
        case .missingExpiry, .expired:
            message =
                "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
        case .lifetimeTooLong:
            message = "'Expiration time' claim ('exp') is too far in the future (at most 10 minutes after 'iat')"
        }
        return GitHubAPIError(status: 401, message: message)
    }
}
