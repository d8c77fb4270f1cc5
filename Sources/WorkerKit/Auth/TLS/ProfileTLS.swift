import Foundation
public import NIOSSL

/// A profile's own TLS trust and identity, for vendors on private PKI (Kubernetes, Vault, self-hosted GitLab,
/// ServiceNow on-prem): a CA bundle that replaces the system roots, and a client certificate and key for mutual TLS.
/// Read from the profile fields below, each given as a file (`…_file`, a path) or inline PEM (`…_pem`, one line with
/// `\n` escapes accepted, as environment variables hold it):
///
/// | field | meaning |
/// | --- | --- |
/// | `ca_file` / `ca_pem` | the CA certificates the server's certificate must chain to (instead of the system roots) |
/// | `client_cert_file` / `client_cert_pem` | the client certificate chain, leaf first (mTLS) |
/// | `client_key_file` / `client_key_pem` | its private key, unencrypted PEM (`client_key_pem` is a credential) |
///
/// The PEM is parsed with swift-nio-ssl when the profile is read, so a bad value fails at configuration time
/// naming its field. ``identity`` is a keyed digest of the CA, certificate and key: profiles with the same TLS
/// material share one HTTP client (``TLSClientCache``); any difference in trust gets a client of its own.
public struct ProfileTLS: Sendable {
    /// The digest of the CA, certificate and key PEM; the HTTP client cache's key.
    public let identity: CredentialIdentity
    /// Where the CA bundle came from, for messages (`ca_file "/etc/pki/acme.pem"`, `ca_pem`); `nil` for the
    /// system roots.
    public let caSource: String?
    /// Whether a client certificate is presented.
    public let presentsClientCertificate: Bool
    /// The swift-nio-ssl configuration.
    public let configuration: TLSConfiguration

    /// The field names, for documentation and ``ProfileField`` declarations.
    public static let fields = [
        "ca_file", "ca_pem", "client_cert_file", "client_cert_pem", "client_key_file", "client_key_pem",
    ]

    /// TLS settings from PEM text.
    /// - Parameters:
    ///   - caPEM: The CA bundle and where it came from; `nil` for the system roots.
    ///   - clientCertificatePEM: The client chain and its source field; `nil` for none.
    ///   - clientKeyPEM: The client key and its source field; required with a certificate.
    /// - Throws: ``CredentialError`` naming the field at fault; never any of the key.
    public init(
        caPEM: (pem: String, field: String, source: String)?,
        clientCertificatePEM: (pem: String, field: String)?,
        clientKeyPEM: (pem: String, field: String)?
    ) throws(CredentialError) {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caPEM {
            let roots = try Self.certificates(caPEM.pem, field: caPEM.field, what: "CA certificates")
            configuration.trustRoots = .certificates(roots)
        }
        switch (clientCertificatePEM, clientKeyPEM) {
        case (nil, nil): break
        case (let certificate?, let key?):
            let chain = try Self.certificates(certificate.pem, field: certificate.field, what: "a client certificate")
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(try Self.privateKey(key.pem, field: key.field))
        case (let certificate?, nil):
            throw CredentialError(
                code: .missingField,
                field: certificate.field,
                problem: "is set without client_key_file or client_key_pem; mutual TLS needs the certificate's key."
            )
        case (nil, let key?):
            throw CredentialError(
                code: .missingField,
                field: key.field,
                problem: "is set without client_cert_file or client_cert_pem; mutual TLS needs the key's certificate."
            )
        }
        self.configuration = configuration
        caSource = caPEM?.source
        presentsClientCertificate = clientCertificatePEM != nil
        identity = CredentialIdentity(
            kind: "tls",
            parts: [caPEM?.pem ?? "", clientCertificatePEM?.pem ?? "", clientKeyPEM?.pem ?? ""]
        )
    }

    /// PEM text as written, or with `\n` escapes on one line.
    static func unescaped(_ pem: String) -> String {
        var text = pem.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.contains("\n"), text.contains("\\n") { text = text.replacingOccurrences(of: "\\n", with: "\n") }
        return text
    }

    private static func certificates(_ pem: String, field: String, what: String) throws(CredentialError)
        -> [NIOSSLCertificate]
    {
        let text = unescaped(pem)
        guard text.contains("-----BEGIN CERTIFICATE-----") else {
            throw CredentialError(
                code: .invalidCertificate,
                field: field,
                problem: "holds no PEM certificate; expected \(what) starting -----BEGIN CERTIFICATE-----."
            )
        }
        guard let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(text.utf8)), !certificates.isEmpty else {
            throw CredentialError(
                code: .invalidCertificate,
                field: field,
                problem: "is not readable as \(what) (a PEM block's content is damaged)."
            )
        }
        return certificates
    }

    private static func privateKey(_ pem: String, field: String) throws(CredentialError) -> NIOSSLPrivateKey {
        let text = unescaped(pem)
        if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            throw CredentialError(
                code: .encryptedKey,
                field: field,
                problem: "is an encrypted private key; give it decrypted (openssl pkcs8 -in key.pem -out plain.pem)."
            )
        }
        guard text.contains("PRIVATE KEY-----"), let key = try? NIOSSLPrivateKey(bytes: Array(text.utf8), format: .pem)
        else {
            throw CredentialError(
                code: .invalidKey,
                field: field,
                problem:
                    "is not a readable PEM private key; expected -----BEGIN PRIVATE KEY-----, -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----."
            )
        }
        return key
    }
}
