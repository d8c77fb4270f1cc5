/// How a webhook sender proves who it is. Each case is one vendor's published rule; ``hmac(_:)`` describes any
/// other HMAC header.
///
/// | scheme | header(s) | signed bytes | value |
/// | --- | --- | --- | --- |
/// | `github` | `X-Hub-Signature-256` | body | `sha256=<hex HMAC-SHA256>` |
/// | `gitlab` | `X-Gitlab-Token` | — | the secret token itself |
/// | `slack` | `X-Slack-Signature`, `X-Slack-Request-Timestamp` | `v0:<ts>:<body>` | `v0=<hex HMAC-SHA256>` |
/// | `pagerduty` | `X-PagerDuty-Signature` | body | `v1=<hex>` entries, comma-separated (secret rotation) |
/// | `sentry` | `Sentry-Hook-Signature` | body | `<hex HMAC-SHA256>` |
/// | `timestamped` | configurable (`Cordum-Signature`, Stripe's `Stripe-Signature`) | `<t>.<body>` | `t=<ts>,v1=<hex>[,v1=…]` |
/// | `hmac` | configurable | body, or `<ts><separator><body>` | hex or base64, optional prefix |
/// | `bearer` | `Authorization` | — | `Bearer <token>` |
public enum SignatureScheme: Sendable, Hashable {
    case github
    case gitlab
    case slack
    case pagerduty
    case sentry
    /// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` in `header`.
    case timestamped(header: String)
    /// A generic HMAC header.
    case hmac(GenericHMAC)
    /// `Authorization: Bearer <token>`.
    case bearer

    /// The hash an HMAC scheme uses.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case sha1, sha256, sha512
    }

    /// How a MAC is written in its header.
    public enum Encoding: String, Sendable, Hashable, CaseIterable {
        case hex, base64
    }

    /// A generic HMAC header: the MAC of the body (or of `<timestamp><separator><body>` when `timestampHeader` is
    /// set), written in `encoding` after `prefix`.
    public struct GenericHMAC: Sendable, Hashable {
        /// The signature header.
        public var header: String
        /// The hash.
        public var algorithm: Algorithm
        /// The encoding of the MAC.
        public var encoding: Encoding
        /// A prefix before the encoded MAC (`sha256=`), or empty.
        public var prefix: String
        /// A header carrying a Unix timestamp that is signed and checked against the tolerance.
        public var timestampHeader: String?
        /// What joins the timestamp and the body in the signed bytes.
        public var separator: String

        /// A generic HMAC scheme.
        /// - Parameters:
        ///   - header: The signature header.
        ///   - algorithm: Default SHA-256.
        ///   - encoding: Default hex.
        ///   - prefix: Default none.
        ///   - timestampHeader: Default none (the body alone is signed, and no tolerance applies).
        ///   - separator: Default `.`.
        public init(
            header: String,
            algorithm: Algorithm = .sha256,
            encoding: Encoding = .hex,
            prefix: String = "",
            timestampHeader: String? = nil,
            separator: String = "."
        ) {
            self.header = header
            self.algorithm = algorithm
            self.encoding = encoding
            self.prefix = prefix
            self.timestampHeader = timestampHeader
            self.separator = separator
        }
    }

    /// The scheme names a configuration may use (`github`, `gitlab`, `slack`, `pagerduty`, `sentry`,
    /// `timestamped`, `hmac`, `bearer`).
    public static let names = ["github", "gitlab", "slack", "pagerduty", "sentry", "timestamped", "hmac", "bearer"]

    /// The scheme's name.
    public var name: String {
        switch self {
        case .github: "github"
        case .gitlab: "gitlab"
        case .slack: "slack"
        case .pagerduty: "pagerduty"
        case .sentry: "sentry"
        case .timestamped: "timestamped"
        case .hmac: "hmac"
        case .bearer: "bearer"
        }
    }

    /// Whether the scheme signs a timestamp, so a tolerance applies.
    public var isTimestamped: Bool {
        switch self {
        case .slack, .timestamped: true
        case .hmac(let generic): generic.timestampHeader != nil
        default: false
        }
    }
}
