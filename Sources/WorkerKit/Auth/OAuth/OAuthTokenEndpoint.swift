import Foundation
import Logging
import NIOHTTP1
import StructuredData

/// An OAuth 2.0 token endpoint (RFC 6749 §3.2): every grant posts a form and reads an access token the same way.
struct OAuthTokenEndpoint {
    /// The token URL.
    var url: String
    /// The client that asks, for messages (`client "ci-client"`, `service account "svc@…"`).
    var who: String
    /// What to check when the issuer refuses, for messages.
    var hint: String

    /// What the issuer answered: the access token, and the whole answer (a rotated `refresh_token`).
    struct Answer {
        var token: ExchangedToken
        var body: JSONValue?
    }

    /// Posts `form` and reads the token.
    /// - Parameters:
    ///   - form: The form fields, in order.
    ///   - basic: The client id and secret sent as `Authorization: Basic` (`client_secret_basic`), if any.
    ///   - http: The client.
    ///   - now: The current time (`expires_in` counts from it; 1 hour when the issuer sends none).
    ///   - logger: The job's logger.
    /// - Throws: ``WorkerError`` `unauthorized` when the issuer refuses (400/401 with an OAuth `error`, named in the
    ///   message); the client's own codes for other failures; `vendor_error` for an answer without `access_token`.
    func post(
        _ form: [(String, String)],
        basic: (id: String, secret: String)?,
        http: VendorHTTPClient,
        now: Date,
        logger: Logger
    ) async throws(WorkerError) -> Answer {
        var request = VendorRequest.form(url: url, fields: form, headers: ["Accept": "application/json"])
        // The media type exactly as RFC 6749 §4.4.2 names it: some issuers compare it as a whole string.
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/x-www-form-urlencoded")
        if let basic {
            // RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined.
            let pair = URLEncoding.component(basic.id) + ":" + URLEncoding.component(basic.secret)
            request.headers.add(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString())
        }
        request.isIdempotent = true
        let endpoint = HeaderRedaction.redacted(url: url, secrets: http.secrets)
        let response: VendorResponse
        do {
            response = try await http.call(request, logger: logger)
        } catch {
            if let refused = error.response, refused.status == 400 || refused.status == 401,
                let answer = try? refused.json(), let code = answer["error"]?.stringValue
            {
                // The issuer's own words (Entra ID's AADSTS code and reason) say which check failed.
                let description = answer["error_description"]?.stringValue.map {
                    " (" + String($0.split(whereSeparator: \.isNewline).first ?? "").prefix(200) + ")"
                }
                throw WorkerError(
                    code: .unauthorized,
                    message: http.secrets.scrub(
                        "The token endpoint \(endpoint) refused \(who) with \(refused.status) \"\(code.prefix(64))\"\(description ?? ""); \(hint)"
                    )
                )
            }
            throw error.error
        }
        let body = try? response.json()
        guard let token = body?["access_token"]?.stringValue, !token.isEmpty else {
            throw WorkerError(
                code: .vendorError,
                message: "The token endpoint \(endpoint) answered without an access_token."
            )
        }
        http.secrets.register(token)
        let lifetime = body?["expires_in"]?.intValue ?? Int(body?["expires_in"]?.stringValue ?? "") ?? 3600
        let type = body?["token_type"]?.stringValue ?? "Bearer"
        return Answer(
            token: ExchangedToken(
                value: token,
                expiresAt: now.addingTimeInterval(TimeInterval(max(lifetime, 0))),
                scheme: type.lowercased() == "bearer" ? "Bearer" : type
            ),
            body: body
        )
    }
}
