/// What a registered credential may do: who it is, its scopes, the resources it can see, and when it expires.
public struct CallerGrant: Sendable, Hashable {
    /// Who the caller is (a user login, a service account, a bot name).
    public var subject: String
    /// The kind of caller, in the vendor's words (`user`, `installation`, `service_account`, ...).
    public var kind: String
    /// The scopes granted (`read`, `write`, `repo`, `chat:write`, ...).
    public var scopes: Set<String>
    /// The resources the caller can see (lowercased names), or `nil` for all.
    public var resources: Set<String>?
    /// When the credential stops working, in seconds since 1970, or `nil` for never.
    public var expiresAt: Double?
    /// The rate-limit budget the caller spends; callers with the same key share one (default: one per credential).
    public var budgetKey: String?
    /// Other facts the vendor needs about the caller (ids, names), never secrets.
    public var attributes: [String: String]

    /// Creates a grant.
    public init(
        subject: String,
        kind: String = "user",
        scopes: Set<String> = [],
        resources: Set<String>? = nil,
        expiresAt: Double? = nil,
        budgetKey: String? = nil,
        attributes: [String: String] = [:]
    ) {
        self.subject = subject
        self.kind = kind
        self.scopes = scopes
        self.resources = resources.map { Set($0.map { $0.lowercased() }) }
        self.expiresAt = expiresAt
        self.budgetKey = budgetKey
        self.attributes = attributes
    }
}

/// The credentials an emulator accepts, each with its grant. A plain value: keep it in the emulator's state so a
/// reset puts it back to the seed.
public struct CredentialRegistry: Sendable {
    private var grants: [PresentedCredential: CallerGrant] = [:]

    /// Creates an empty registry.
    public init() {}

    /// Accepts `credential` for `grant` (replacing an earlier grant of the same credential).
    public mutating func register(_ credential: PresentedCredential, _ grant: CallerGrant) {
        grants[credential] = grant
    }

    /// Stops accepting a credential.
    public mutating func revoke(_ credential: PresentedCredential) {
        grants[credential] = nil
    }

    /// Stops accepting every credential whose grant matches.
    public mutating func revokeAll(where matches: (CallerGrant) -> Bool) {
        grants = grants.filter { !matches($0.value) }
    }

    /// The grant of a credential, expired or not.
    public func grant(for credential: PresentedCredential) -> CallerGrant? {
        grants[credential]
    }

    /// How many credentials are registered.
    public var count: Int { grants.count }

    /// The caller a credential authenticates at `now`: `unknown` when it is not registered, `expired` when its
    /// grant has expired.
    public func caller(
        for credential: PresentedCredential,
        now: Double
    ) -> Result<AuthenticatedCaller, AuthenticationFailure> {
        guard let grant = grants[credential] else {
            return .failure(AuthenticationFailure(.unknown, "the \(credential.kind) credential is not registered"))
        }
        if let expiresAt = grant.expiresAt, expiresAt <= now {
            return .failure(AuthenticationFailure(.expired, "the \(credential.kind) credential has expired"))
        }
        return .success(
            AuthenticatedCaller(grant: grant, credentialKind: credential.kind, fingerprint: credential.fingerprint)
        )
    }
}
