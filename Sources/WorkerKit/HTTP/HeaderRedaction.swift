public import NIOHTTP1

/// Which headers carry credentials, and how to show headers and URLs without them.
public enum HeaderRedaction {
    /// Header names (lowercased) whose values are always masked.
    public static let sensitiveNames: Set<String> = [
        "authorization", "proxy-authorization", "x-api-key", "api-key", "cookie", "set-cookie", "private-token",
        "x-auth-token", "x-vault-token", "dd-api-key", "dd-application-key", "x-goog-api-key",
    ]

    /// Header names (lowercased) with such a part that carry no credential, shown as sent and never registered as
    /// secrets: Atlassian's XSRF opt-out `X-Atlassian-Token: no-check`.
    public static let notSensitiveNames: Set<String> = ["x-atlassian-token"]

    /// Whether a header's value is a credential: a listed name, or one containing `token`, `secret`, `password`
    /// or `api-key` that is not in ``notSensitiveNames``.
    public static func isSensitive(_ name: String) -> Bool {
        let lower = name.lowercased()
        guard !notSensitiveNames.contains(lower) else { return false }
        return sensitiveNames.contains(lower)
            || ["token", "secret", "password", "api-key", "apikey"].contains { lower.contains($0) }
    }

    /// The headers as `name: value` text, with credentials masked and registered secrets scrubbed.
    public static func redacted(_ headers: HTTPHeaders, secrets: SecretRegistry) -> String {
        headers.map { name, value in
            "\(name): \(isSensitive(name) ? SecretRegistry.mask : secrets.scrub(value))"
        }.joined(separator: ", ")
    }

    /// Registers the credential values of `headers` (the whole value, and the part after an auth scheme such as
    /// `Bearer`), so they are scrubbed from everything the worker emits.
    public static func registerCredentials(of headers: HTTPHeaders, in secrets: SecretRegistry) {
        for (name, value) in headers where isSensitive(name) {
            secrets.register(value)
            let parts = value.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[1].count >= 4 { secrets.register(String(parts[1])) }
        }
    }

    /// A URL fit for logs and messages: no user-info, no query or fragment, registered secrets scrubbed.
    public static func redacted(url: String, secrets: SecretRegistry) -> String {
        var text = Substring(url)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        if let scheme = text.firstRange(of: "://") {
            let rest = text[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                text = text[..<scheme.upperBound] + rest[rest.index(after: at)...]
            }
        }
        return secrets.scrub(String(text))
    }
}
