import Crypto
import CryptoExtras
import Foundation

extension JWTSigningKey {
    /// Reads a PEM private key: PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`) RSA of 2048 bits or more for
    /// RS256, SEC1 (`EC PRIVATE KEY`) or PKCS#8 P-256 for ES256. A value written on one line with `\n` escapes (as
    /// environment variables often hold it) is accepted.
    /// - Parameters:
    ///   - pem: The PEM text.
    ///   - field: The configuration field errors name (`app_private_key`).
    ///   - algorithm: The algorithm the key must fit; `nil` takes it from the key (RSA → RS256, P-256 → ES256); an
    ///     RSA key signs PS256 when asked to.
    /// - Throws: ``CredentialError`` naming `field` and what would be valid; never any of the key's text.
    public init(pem: String, field: String, algorithm: Algorithm? = nil) throws(CredentialError) {
        var text = pem.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.contains("\n"), text.contains("\\n") { text = text.replacingOccurrences(of: "\\n", with: "\n") }
        let expected =
            "expected a PEM private key starting -----BEGIN RSA PRIVATE KEY-----, -----BEGIN PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----."
        guard let label = Self.pemLabel(text) else {
            throw CredentialError(code: .invalidKey, field: field, problem: "is not PEM; \(expected)")
        }
        switch label {
        case "RSA PRIVATE KEY":
            try self.init(rsaPEM: text, field: field, algorithm: algorithm)
        case "EC PRIVATE KEY":
            try self.init(ecPEM: text, field: field, algorithm: algorithm)
        case "PRIVATE KEY":
            if (try? _RSA.Signing.PrivateKey(unsafePEMRepresentation: text)) != nil {
                try self.init(rsaPEM: text, field: field, algorithm: algorithm)
            } else {
                try self.init(ecPEM: text, field: field, algorithm: algorithm)
            }
        case "ENCRYPTED PRIVATE KEY":
            throw CredentialError(
                code: .encryptedKey,
                field: field,
                problem: "is an encrypted private key; give it decrypted (openssl pkcs8 -in key.pem -out plain.pem)."
            )
        case "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE", "EC PUBLIC KEY":
            throw CredentialError(
                code: .publicKeyGiven,
                field: field,
                problem: "is a \(label.lowercased()), not the private key; \(expected)"
            )
        case "OPENSSH PRIVATE KEY":
            throw CredentialError(
                code: .unsupportedKey,
                field: field,
                problem: "is an OpenSSH private key; convert it to PEM (ssh-keygen -p -m PEM -f key) or PKCS#8."
            )
        default:
            throw CredentialError(
                code: .invalidKey,
                field: field,
                problem: "is a PEM block of type \"\(label)\"; \(expected)"
            )
        }
    }

    private init(rsaPEM text: String, field: String, algorithm: Algorithm?) throws(CredentialError) {
        guard algorithm != .es256 else {
            throw CredentialError(
                code: .unsupportedKey,
                field: field,
                problem: "is an RSA key, but \(algorithm?.rawValue ?? "") needs an EC P-256 key."
            )
        }
        if let key = try? _RSA.Signing.PrivateKey(pemRepresentation: text) {
            try self.init(rsa: key, field: field, algorithm: algorithm ?? .rs256)
        } else if let small = try? _RSA.Signing.PrivateKey(unsafePEMRepresentation: text) {
            throw CredentialError(
                code: .keyTooSmall,
                field: field,
                problem:
                    "is an RSA key of \(small.keySizeInBits) bits; \((algorithm ?? .rs256).rawValue) needs 2048 bits or more."
            )
        } else {
            throw CredentialError(
                code: .invalidKey,
                field: field,
                problem: "is not a readable RSA private key (the PEM block's content is damaged or of another type)."
            )
        }
    }

    private init(ecPEM text: String, field: String, algorithm: Algorithm?) throws(CredentialError) {
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: text) {
            guard algorithm ?? .es256 == .es256 else {
                throw CredentialError(
                    code: .unsupportedKey,
                    field: field,
                    problem: "is an EC P-256 key, but \(algorithm?.rawValue ?? "") needs an RSA key."
                )
            }
            self.init(p256: key)
            return
        }
        let curve: String? =
            if (try? P384.Signing.PrivateKey(pemRepresentation: text)) != nil {
                "P-384"
            } else if (try? P521.Signing.PrivateKey(pemRepresentation: text)) != nil {
                "P-521"
            } else {
                nil
            }
        if let curve {
            throw CredentialError(
                code: .unsupportedKey,
                field: field,
                problem: "is an EC key on \(curve); ES256 needs a key on P-256 (prime256v1)."
            )
        }
        throw CredentialError(
            code: .invalidKey,
            field: field,
            problem:
                "is not a readable RSA or EC P-256 private key (the PEM block's content is damaged or of another type)."
        )
    }

    /// The label of the first `-----BEGIN <label>-----` line, if any.
    private static func pemLabel(_ text: String) -> String? {
        guard let begin = text.range(of: "-----BEGIN "),
            let end = text.range(of: "-----", range: begin.upperBound..<text.endIndex)
        else { return nil }
        let label = text[begin.upperBound..<end.lowerBound]
        guard !label.isEmpty, label.count <= 40, label.allSatisfy({ $0.isUppercase || $0 == " " || $0.isNumber })
        else { return nil }
        return String(label)
    }
}
