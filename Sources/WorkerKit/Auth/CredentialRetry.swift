public import Logging
import NIOHTTP1

/// Sends a request with a credential, and on a 401 renews the credential and sends once more — only when the
/// provider says asking again may give another credential (``CredentialProvider/refused(headers:)``: an exchanged
/// token that expired or was revoked early). It never loops: a second 401 fails with ``Failure/call(_:renewed:)``
/// where `renewed` is `true`.
public enum CredentialRetry {
    /// Why a send failed.
    public enum Failure: Error, Sendable {
        /// The credential could not be obtained (an exchange failed): the exchange's error, as it is.
        case credential(WorkerError)
        /// The call failed; `renewed` is `true` when the vendor refused a renewed credential as well.
        case call(VendorCallFailure, renewed: Bool)
    }

    /// Sends `request` through `call` with `credential`'s headers (none when `nil`).
    /// - Parameters:
    ///   - request: The request, without credentials.
    ///   - credential: The credential; `nil` sends anonymously.
    ///   - vendor: The vendor's name, for the log line of a renewal.
    ///   - logger: The job's logger.
    ///   - call: Sends one request (through ``VendorHTTPClient``, which retries on its own rules) with the
    ///     identity the answer may be cached under.
    /// - Returns: The answer.
    /// - Throws: ``Failure``.
    public static func send<Answer>(
        _ request: VendorRequest,
        credential: (any CredentialProvider)?,
        vendor: String,
        logger: Logger,
        call: (VendorRequest, CredentialIdentity) async throws(VendorCallFailure) -> Answer
    ) async throws(Failure) -> Answer {
        var renewed = false
        while true {
            var outgoing = request
            var sent = HTTPHeaders()
            if let credential {
                do {
                    sent = try await credential.headers(logger: logger)
                } catch {
                    throw .credential(error)
                }
                for (name, value) in sent { outgoing.headers.replaceOrAdd(name: name, value: value) }
            }
            do {
                return try await call(outgoing, credential?.identity ?? .anonymous)
            } catch {
                if error.response?.status == 401, !renewed, let credential, await credential.refused(headers: sent) {
                    renewed = true
                    logger.notice(
                        "the vendor refused the credential; renewing it once",
                        metadata: ["vendor": "\(vendor)", "credential": "\(credential.identity)"]
                    )
                    continue
                }
                throw .call(error, renewed: renewed)
            }
        }
    }
}
