import Foundation

/// One way a vendor accepts credentials: an `Authorization` scheme (`Bearer`, `Token`), HTTP basic auth, a token
/// header (`X-Secret-Token`) or a set of API-key headers (`X-Org-Api-Key` + `X-Application-Key`).
public struct CredentialScheme: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case authorization(schemes: [String])
        case basic
        case tokenHeader(String)
        case apiKeyHeaders(required: [String], optional: [String])
    }

    let kind: Kind

    /// `Authorization: <scheme> <token>` for any of `schemes` (compared case-insensitively), e.g.
    /// `.authorization("Bearer", "token")`.
    public static func authorization(_ schemes: String...) -> Self {
        Self(kind: .authorization(schemes: schemes.map { $0.lowercased() }))
    }

    /// `Authorization: Bearer <token>`.
    public static let bearer = authorization("Bearer")

    /// `Authorization: Basic base64(username:password)`.
    public static let basic = Self(kind: .basic)

    /// A header whose whole value is a token, e.g. `X-Secret-Token`.
    public static func tokenHeader(_ name: String) -> Self {
        Self(kind: .tokenHeader(name.lowercased()))
    }

    /// API-key headers: all of `required` must be present; `optional` ones are read when sent. The credential is
    /// ``PresentedCredential/apiKeys(_:)`` with the headers sent, by lowercased name.
    public static func apiKeyHeaders(_ required: [String], optional: [String] = []) -> Self {
        Self(
            kind: .apiKeyHeaders(required: required.map { $0.lowercased() }, optional: optional.map { $0.lowercased() })
        )
    }

    /// How the scheme reads, for messages: `Authorization: Bearer`, `X-Secret-Token`, ...
    public var description: String {
        switch kind {
        case .authorization(let schemes): return "Authorization: \(schemes.joined(separator: "|"))"
        case .basic: return "Authorization: basic"
        case .tokenHeader(let name): return name
        case .apiKeyHeaders(let required, let optional): return (required + optional).joined(separator: " + ")
        }
    }

    /// What a request carries for this scheme.
    enum Reading: Sendable, Hashable {
        /// Nothing this scheme reads.
        case absent
        /// The scheme's header is there but unusable; the reason (never the secret).
        case malformed(String)
        /// A credential.
        case credential(PresentedCredential)
    }

    func read(_ request: EmulatorRequest) -> Reading {
        switch kind {
        case .authorization(let schemes):
            guard let (scheme, value) = Self.authorization(request), schemes.contains(scheme) else { return .absent }
            guard !value.isEmpty else { return .malformed("the Authorization header has no \(scheme) token") }
            return .credential(.token(value))
        case .basic:
            guard let (scheme, value) = Self.authorization(request), scheme == "basic" else { return .absent }
            guard let decoded = Data(base64Encoded: value).flatMap({ String(data: $0, encoding: .utf8) }),
                let colon = decoded.firstIndex(of: ":")
            else {
                return .malformed("the Authorization Basic value is not base64 of `username:password`")
            }
            return .credential(
                .basic(username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]))
            )
        case .tokenHeader(let name):
            guard let value = request.header(name) else { return .absent }
            let token = value.trimmingCharacters(in: .whitespaces)
            guard !token.isEmpty else { return .malformed("the \(name) header is empty") }
            return .credential(.token(token))
        case .apiKeyHeaders(let required, let optional):
            var keys: [String: String] = [:]
            for name in required + optional {
                if let value = request.header(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                    keys[name] = value
                }
            }
            guard !keys.isEmpty else { return .absent }
            if let missing = required.first(where: { keys[$0] == nil }) {
                return .malformed("the \(missing) header is missing")
            }
            return .credential(.apiKeys(keys))
        }
    }

    /// The `Authorization` header split into a lowercased scheme and its trimmed value.
    static func authorization(_ request: EmulatorRequest) -> (String, String)? {
        guard let header = request.header("authorization") else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: " ", maxSplits: 1)
        guard let first = parts.first else { return ("", "") }
        let value = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        return (first.lowercased(), value)
    }
}
