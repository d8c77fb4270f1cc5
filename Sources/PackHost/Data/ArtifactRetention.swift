/// How long an artifact is kept: `short` 24 h, `standard` 7 days (the default), `audit` 30 days.
public enum ArtifactRetention: String, Sendable, Hashable, CaseIterable {
    /// 24 hours.
    case short
    /// 7 days.
    case standard
    /// 30 days.
    case audit

    /// The lifetime in milliseconds.
    public var ttlMilliseconds: Int64 {
        switch self {
        case .short: 86_400_000
        case .standard: 7 * 86_400_000
        case .audit: 30 * 86_400_000
        }
    }

    /// Parses a request's `retention`; omitted or empty means `standard`.
    /// - Throws: `invalid_argument` naming the value and the valid classes.
    public init(parsing text: String?) throws(HostError) {
        guard let text, !text.isEmpty else {
            self = .standard
            return
        }
        guard let retention = ArtifactRetention(rawValue: text) else {
            throw HostError(
                .invalidArgument,
                "unknown retention \"\(text)\"; valid retentions: short (24 h), standard (7 d), audit (30 d)"
            )
        }
        self = retention
    }
}
