import StructuredData

/// A service account's JSON key file, as Google issues it: `client_email` (the assertion's `iss`), `private_key` (an
/// RS256 PEM key), `token_uri` (the assertion's `aud` and where it is posted) and `private_key_id`. Other members
/// (`project_id`, `client_id`, …) are ignored.
public struct ServiceAccountKey: Sendable {
    /// `client_email`.
    public var clientEmail: String
    /// `token_uri`; Google's `https://oauth2.googleapis.com/token` when the file has none.
    public var tokenURL: String
    /// `private_key_id`, when the file has one (for logs; never secret).
    public var privateKeyID: String?
    /// The signing key read from `private_key`.
    public let key: JWTSigningKey

    /// Google's token endpoint, for key files without `token_uri`.
    public static let googleTokenURL = "https://oauth2.googleapis.com/token"

    /// Reads a key file.
    /// - Parameters:
    ///   - json: The file's text.
    ///   - field: The configuration field errors name (`service_account_json`).
    ///   - secrets: When given, the whole file and its `private_key` are registered in it.
    /// - Throws: ``CredentialError`` naming the field (and member) at fault; never any of the key's text.
    public init(
        json: String,
        field: String = "service_account_json",
        secrets: SecretRegistry? = nil
    ) throws(CredentialError) {
        secrets?.register(json)
        let document: [String: JSONValue]
        do {
            guard let object = try JSONParser.parse(json, file: field).objectValue else {
                throw CredentialError(
                    code: .invalidKey,
                    field: field,
                    problem:
                        "is not a JSON object; expected a service account key file with client_email and private_key."
                )
            }
            document = object
        } catch let error as CredentialError {
            throw error
        } catch {
            throw CredentialError(
                code: .invalidKey,
                field: field,
                problem:
                    "is not valid JSON; expected the service account key file's content (with client_email and private_key)."
            )
        }
        if let type = document["type"]?.stringValue, type != "service_account" {
            throw CredentialError(
                code: .unsupportedKey,
                field: field,
                problem: "is a key file of type \"\(type.prefix(40))\"; expected \"service_account\"."
            )
        }
        guard let email = document["client_email"]?.stringValue, !email.isEmpty else {
            throw CredentialError(
                code: .invalidKey,
                field: field + ".client_email",
                problem: "is missing; a service account key file names the account in client_email."
            )
        }
        guard let pem = document["private_key"]?.stringValue, !pem.isEmpty else {
            throw CredentialError(
                code: .invalidKey,
                field: field + ".private_key",
                problem: "is missing; a service account key file holds its RS256 key in private_key."
            )
        }
        let tokenURL = document["token_uri"]?.stringValue ?? Self.googleTokenURL
        guard tokenURL.hasPrefix("https://") || tokenURL.hasPrefix("http://") else {
            throw CredentialError(
                code: .invalidKey,
                field: field + ".token_uri",
                problem: "is \"\(tokenURL.prefix(80))\", which is not an http(s) URL."
            )
        }
        secrets?.register(pem)
        key = try JWTSigningKey(pem: pem, field: field + ".private_key", algorithm: .rs256)
        clientEmail = email
        self.tokenURL = tokenURL
        privateKeyID = document["private_key_id"]?.stringValue
    }
}
