import StructuredData
public import WorkerKit

/// The opentelemetry worker's configuration, read once from the environment (`CORDUM_OPENTELEMETRY_*`, every
/// variable in packs/opentelemetry/README.md): WorkerKit's profiles with their credentials (`auth`: `bearer` with
/// `token`, `basic` with `username` and `password`, or none; a reverse proxy's, since Jaeger has no auth of its own)
/// and TLS, plus each profile's bounds (``TraceLimits``: `max_traces`, `max_spans`, `max_range`).
///
/// A profile is one Jaeger query service (`base_url`, e.g. `https://jaeger.example.com`, which serves the API v3 at
/// `/api/v3/…`); several backends are several profiles.
public struct OpenTelemetryConfiguration: Sendable {
    /// The pack id.
    public static let packID = "opentelemetry"
    /// The request timeout unless `CORDUM_OPENTELEMETRY_REQUEST_TIMEOUT` says otherwise.
    public static let defaultRequestTimeout: Duration = .seconds(30)
    /// The `User-Agent` unless `CORDUM_OPENTELEMETRY_USER_AGENT` says otherwise.
    public static let defaultUserAgent = "cordum-opentelemetry-worker/0.1.0"

    /// Profiles, lists, timeout, user agent and secrets.
    public var settings: VendorSettings
    /// The bounds of each profile, by name.
    public var limits: [String: TraceLimits]
    /// The bounds of a profile that sets none: the variables' or the defaults.
    public var defaultLimits: TraceLimits

    /// Reads the configuration.
    /// - Parameters:
    ///   - environment: The variables.
    ///   - secrets: The worker's secret registry; every credential is registered in it.
    /// - Throws: ``ConfigurationError`` naming the variable (and the profile and field) at fault.
    public init(environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws(ConfigurationError) {
        let environment = Self.upstreamAliases(environment)
        settings = try VendorSettings(
            packID: Self.packID,
            environment: environment,
            resourceKinds: ["SERVICES"],
            profileFields: CredentialKind.profileFields + [
                ProfileField("max_traces"), ProfileField("max_spans"), ProfileField("max_range"),
            ],
            secrets: secrets
        )
        if settings.requestTimeout == nil { settings.requestTimeout = Self.defaultRequestTimeout }
        if settings.userAgent == nil { settings.userAgent = Self.defaultUserAgent }
        let prefix = settings.variablePrefix
        var fallback = TraceLimits()
        try fallback.read(
            { environment[prefix + $0.uppercased()].map { .string($0) } },
            place: { "\(prefix)\($0.uppercased())" }
        )
        defaultLimits = fallback
        limits = [:]
        for name in settings.profiles.keys.sorted() {
            guard var profile = settings.profiles[name] else { continue }
            // Upstream's worker takes Jaeger's API root (`http://localhost:16686/api`); the actions' paths carry it.
            while profile.baseURL?.hasSuffix("/") == true { profile.baseURL?.removeLast() }
            if profile.baseURL?.hasSuffix("/api") == true { profile.baseURL?.removeLast(4) }
            settings.profiles[name] = profile
            var bounds = fallback
            try bounds.read(
                { profile.settings[$0] },
                place: { "\(prefix)PROFILES profile \"\(profile.name)\" field \($0)" }
            )
            limits[profile.name] = bounds
        }
    }

    /// Upstream's variables (`CORDUM_OTEL_*`, its Go worker's prefix) read as ours (`CORDUM_OPENTELEMETRY_*`) unless
    /// ours are set; `CORDUM_OTEL_TOKEN_TYPE` has no counterpart (the token is always a bearer token).
    static func upstreamAliases(_ environment: [String: String]) -> [String: String] {
        var result = environment
        for (name, value) in environment where name.hasPrefix("CORDUM_OTEL_") {
            let ours = "CORDUM_OPENTELEMETRY_" + name.dropFirst("CORDUM_OTEL_".count)
            if result[ours] == nil { result[ours] = value }
        }
        return result
    }

    /// The bounds of the profile `name`.
    public func limits(for name: String) -> TraceLimits { limits[name] ?? defaultLimits }
}
