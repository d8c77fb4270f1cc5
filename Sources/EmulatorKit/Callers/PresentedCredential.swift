/// A credential a request carried, as a ``CredentialScheme`` read it; also the key credentials are registered under
/// in a ``CredentialRegistry``.
public enum PresentedCredential: Sendable, Hashable {
    /// A token, whatever carried it: `Authorization: Bearer x`, `Authorization: Token x`, or a token header such as
    /// `X-Secret-Token: x`.
    case token(String)
    /// HTTP basic auth (`Authorization: Basic base64(user:password)`).
    case basic(username: String, password: String)
    /// API-key headers by lowercased name, e.g. `["x-org-api-key": "a", "x-application-key": "b"]`.
    case apiKeys([String: String])

    /// The kind of credential, safe to show: `token`, `basic` or `api_key`.
    public var kind: String {
        switch self {
        case .token: return "token"
        case .basic: return "basic"
        case .apiKeys: return "api_key"
        }
    }

    /// A short non-secret identity of the credential (16 hex digits of a hash), for budget keys and logs.
    public var fingerprint: String {
        let material: String
        switch self {
        case .token(let token): material = "token\u{0}\(token)"
        case .basic(let username, let password): material = "basic\u{0}\(username)\u{0}\(password)"
        case .apiKeys(let keys):
            material =
                "keys\u{0}" + keys.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{0}")
        }
        let tag = ETag.value(for: Array(material.utf8))
        return String(tag.dropFirst(3).prefix(16))
    }
}
