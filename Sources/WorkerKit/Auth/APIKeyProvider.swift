public import Logging
public import NIOHTTP1

/// API keys sent in headers of the vendor's own: one (`X-API-Key: <key>`), several (Datadog's `DD-API-KEY` and
/// `DD-APPLICATION-KEY`), or a custom `Authorization` scheme (PagerDuty's `Authorization: Token token=<key>`).
/// The keys never change, so a 401 is final (``refused(headers:)`` is `false`).
///
/// ```swift
/// let keys = try APIKeyProvider([
///     APIKeyProvider.Header(name: "DD-API-KEY", value: apiKey, field: "api_key"),
///     APIKeyProvider.Header(name: "DD-APPLICATION-KEY", value: applicationKey, field: "application_key"),
/// ])
/// ```
public struct APIKeyProvider: CredentialProvider {
    /// One header carrying a key.
    public struct Header: Sendable, Hashable {
        /// The header name (`DD-API-KEY`, `Authorization`).
        public var name: String
        /// Written before the key (`Token token=`); empty for the key alone.
        public var prefix: String
        /// The key.
        public var value: String
        /// The configuration field errors name (`api_key`).
        public var field: String

        /// A header.
        /// - Parameters:
        ///   - name: The header name.
        ///   - prefix: Default none.
        ///   - value: The key.
        ///   - field: The configuration field errors name.
        public init(name: String, prefix: String = "", value: String, field: String) {
            self.name = name
            self.prefix = prefix
            self.value = value
            self.field = field
        }
    }

    public let identity: CredentialIdentity
    public var kind: String { "api_key" }
    private let sent: HTTPHeaders

    /// A provider.
    /// - Parameter headers: The headers, at least one; names must differ.
    /// - Throws: ``CredentialError`` `credential.invalid_token` naming the field whose key is empty or holds a line
    ///   break or control character, or whose header name is not an HTTP token.
    public init(_ headers: [Header]) throws(CredentialError) {
        guard !headers.isEmpty else {
            throw CredentialError(code: .invalidToken, field: "api_key", problem: "is not set; expected an API key.")
        }
        var sent = HTTPHeaders()
        var parts: [String] = []
        for header in headers {
            try Self.checkName(header.name, field: header.field + "_header")
            guard !sent.contains(name: header.name) else {
                throw CredentialError(
                    code: .invalidToken,
                    field: header.field + "_header",
                    problem:
                        "names the header \"\(header.name)\" another key already uses; each key needs its own header."
                )
            }
            try StaticTokenProvider.check(header.value, field: header.field, what: "API key")
            try StaticTokenProvider.check(header.prefix + "x", field: header.field + "_prefix", what: "prefix")
            sent.add(name: header.name, value: header.prefix + header.value)
            parts += [header.name.lowercased(), header.prefix, header.value]
        }
        self.sent = sent
        identity = CredentialIdentity(kind: "api-key", parts: parts)
    }

    public func headers(logger: Logger) async throws(WorkerError) -> HTTPHeaders { sent }

    /// Keys never change: asking again gives the same ones.
    public func refused(headers: HTTPHeaders) async -> Bool { false }

    /// An HTTP field name is a token (RFC 9110 §5.1): letters, digits and ``!#$%&'*+-.^_`|~``.
    private static func checkName(_ name: String, field: String) throws(CredentialError) {
        let allowed = Set("!#$%&'*+-.^_`|~")
        guard !name.isEmpty,
            name.unicodeScalars.allSatisfy({
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || allowed.contains(Character($0)))
            })
        else {
            throw CredentialError(
                code: .invalidToken,
                field: field,
                problem:
                    "is \"\(name.prefix(64))\", which is not an HTTP header name; use letters, digits and dashes (DD-API-KEY)."
            )
        }
    }
}
