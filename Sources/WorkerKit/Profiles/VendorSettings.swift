/// The vendor-facing settings every pack worker shares: profiles, the default profile, action and resource
/// allow/deny lists, inline auth, user agent and request timeout.
///
/// Read them once in the executable with ``init(packID:environment:resourceKinds:profileFields:secrets:)`` (the upstream
/// `CORDUM_<PACK>_*` variables), then ask ``resolveProfile(for:)``, ``checkAction(_:profile:)`` and
/// ``checkResource(_:_:profile:)`` per job.
public struct VendorSettings: Sendable {
    /// The pack id; error messages name its variables.
    public var packID: String
    /// Profiles by name.
    public var profiles: [String: VendorProfile]
    /// The profile used when a job names none (`DEFAULT_PROFILE`, else the only profile, else `default`).
    public var defaultProfile: String?
    /// Which actions jobs may run (`ALLOW_ACTIONS`, `DENY_ACTIONS`).
    public var actions: AccessList
    /// Allow/deny lists by resource kind, uppercased (`REPOS` from `ALLOWED_REPOS` and `DENIED_REPOS`).
    public var resources: [String: AccessList]
    /// Whether jobs may carry credentials in their `auth` input (`ALLOW_INLINE_AUTH`, default false).
    public var allowInlineAuth: Bool
    /// The `User-Agent` for vendor requests (`USER_AGENT`), if set.
    public var userAgent: String?
    /// The timeout of one vendor request (`REQUEST_TIMEOUT`), if set.
    public var requestTimeout: Duration?
    /// Where credentials are registered; share the worker's registry so they are scrubbed everywhere.
    public var secrets: SecretRegistry

    /// Settings given directly (tests, embedded workers).
    /// - Parameters:
    ///   - packID: The pack id.
    ///   - profiles: The profiles; their credentials are registered in `secrets`.
    ///   - defaultProfile: The default profile name; `nil` picks the only profile, or one named `default`.
    ///   - actions: The action allow/deny list.
    ///   - resources: Resource allow/deny lists by kind (`REPOS`, `PROJECTS`, …).
    ///   - allowInlineAuth: Whether jobs may carry credentials.
    ///   - userAgent: The user agent.
    ///   - requestTimeout: The per-request timeout.
    ///   - secrets: The secret registry.
    public init(
        packID: String,
        profiles: [VendorProfile] = [],
        defaultProfile: String? = nil,
        actions: AccessList = .permitAll,
        resources: [String: AccessList] = [:],
        allowInlineAuth: Bool = false,
        userAgent: String? = nil,
        requestTimeout: Duration? = nil,
        secrets: SecretRegistry = SecretRegistry()
    ) {
        let byName = Dictionary(profiles.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.packID = packID
        self.profiles = byName
        self.actions = actions
        self.resources = Dictionary(resources.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.allowInlineAuth = allowInlineAuth
        self.userAgent = userAgent
        self.requestTimeout = requestTimeout
        self.secrets = secrets
        for profile in profiles { profile.credentials.values.forEach(secrets.register) }
        self.defaultProfile =
            defaultProfile ?? (byName.count == 1 ? byName.keys.first : byName["default"].map(\.name))
    }

    /// The profile names, sorted.
    public var profileNames: [String] { profiles.keys.sorted() }

    /// The variable prefix, `CORDUM_<PACK>_`.
    public var variablePrefix: String { WorkerConfiguration.variablePrefix(packID: packID) }
}
