/// A credential that cannot be used: a private key that does not parse or does not fit the algorithm, a token with
/// a line break. It names the field at fault and what would be valid; it never holds the credential itself.
public struct CredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text.
        public let rawValue: String
        public var description: String { rawValue }
        init(_ rawValue: String) { self.rawValue = rawValue }

        /// The value is not a PEM private key of a kind we read.
        public static let invalidKey = Code("credential.invalid_key")
        /// The PEM key is encrypted (`ENCRYPTED PRIVATE KEY`); it must be given decrypted.
        public static let encryptedKey = Code("credential.encrypted_key")
        /// A public key or certificate was given where the private key is needed.
        public static let publicKeyGiven = Code("credential.public_key_given")
        /// An RSA key shorter than 2048 bits.
        public static let keyTooSmall = Code("credential.key_too_small")
        /// A key of another type or curve than the algorithm needs (an RSA key for ES256, a P-384 key, …).
        public static let unsupportedKey = Code("credential.unsupported_key")
        /// A token, password or user name that is empty or holds a line break or control character.
        public static let invalidToken = Code("credential.invalid_token")
        /// A CA bundle or client certificate that is not PEM certificates.
        public static let invalidCertificate = Code("credential.invalid_certificate")
        /// A private key that is not the key of the certificate it is given with.
        public static let keyMismatch = Code("credential.key_mismatch")
        /// A certificate outside its validity period (expired, or not yet valid).
        public static let expiredCertificate = Code("credential.expired_certificate")
        /// A file a field names cannot be read.
        public static let unreadableFile = Code("credential.unreadable_file")
        /// A credential kind whose required field is not set (`password` for `basic`).
        public static let missingField = Code("credential.missing_field")
        /// Fields that exclude each other are both set (`ca_file` and `ca_pem`), or `auth` names an unknown kind.
        public static let conflictingFields = Code("credential.conflicting_fields")
    }

    /// The stable code.
    public var code: Code
    /// The field at fault (`app_private_key`, `token`, …).
    public var field: String
    /// What is wrong and what would be valid, without the field's name (so a caller can put its own label first).
    public var problem: String

    /// An error.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - field: The field at fault.
    ///   - problem: What is wrong, starting with a verb (`is not a PEM private key; …`).
    public init(code: Code, field: String, problem: String) {
        self.code = code
        self.field = field
        self.problem = problem
    }

    /// One sentence: the field, then the problem.
    public var message: String { "\(field) \(problem)" }

    public var description: String { "\(code): \(message)" }
}
