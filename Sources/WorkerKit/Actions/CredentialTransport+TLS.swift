extension CredentialTransport {
    /// Whether a connection failure's text is a TLS one (swift-nio-ssl's and BoringSSL's wording).
    static func isTLSFailure(_ message: String) -> Bool {
        let text = message.lowercased()
        return ["nioss", "handshake", "certificate", "ssl", "tls"].contains { text.contains($0) }
    }

    /// A handshake failure saying what to check: the profile, its CA source or its client certificate, by the cause
    /// swift-nio-ssl reports; its own words follow.
    static func handshakeError(
        _ error: WorkerError,
        tls: ProfileTLS,
        profile: String,
        vendor: String,
        what: String
    ) -> WorkerError {
        let cause = error.message.uppercased()
        let trust = tls.caSource.map { "the CA bundle from \($0)" } ?? "the system's CA certificates"
        let problem: String
        if cause.contains("CERTIFICATE_REQUIRED") {
            problem =
                tls.presentsClientCertificate
                ? "the server did not accept the profile's client certificate"
                : "the server requires a client certificate and the profile presents none; set client_cert_file and client_key_file (or the _pem fields)"
        } else if cause.contains("HOSTNAME") {
            problem = "the server's certificate does not name the host of the URL"
        } else if cause.contains("CERTIFICATE_VERIFY_FAILED") {
            problem = "the server's certificate does not chain to \(trust)"
        } else if tls.presentsClientCertificate, cause.contains("BAD_CERTIFICATE") || cause.contains("UNKNOWN_CA") {
            problem = "the server refused the profile's client certificate (client_cert_file/client_cert_pem)"
        } else {
            problem =
                "check the server's certificate against \(trust)\(tls.presentsClientCertificate ? " and the profile's client certificate" : "")"
        }
        return WorkerError(
            code: .unavailable,
            message:
                "The TLS handshake with \(vendor) for \(what) failed for profile \"\(profile)\": \(problem). Cause: \(error.message)",
            retryable: false
        )
    }
}
