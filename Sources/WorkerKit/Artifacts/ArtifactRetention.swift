/// How long Cordum keeps an artifact: its retention classes (`core/infra/artifacts`).
public enum ArtifactRetention: String, Sendable, Hashable, CaseIterable {
    /// 24 hours.
    case short
    /// 7 days (Cordum's default).
    case standard
    /// 30 days.
    case audit

    /// The lifetime of the class with Cordum's default settings.
    public var timeToLive: Duration {
        switch self {
        case .short: .seconds(24 * 3600)
        case .standard: .seconds(7 * 24 * 3600)
        case .audit: .seconds(30 * 24 * 3600)
        }
    }
}
