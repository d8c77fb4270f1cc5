/// Who is calling, as an emulator's authentication resolved it. Holds no secret.
public struct AuthenticatedCaller: Sendable, Hashable {
    /// Who the caller is (``CallerGrant/subject``).
    public var subject: String
    /// The kind of caller in the vendor's words (``CallerGrant/kind``; `anonymous` for no credential).
    public var kind: String
    /// The scopes granted.
    public var scopes: Set<String>
    /// The resources the caller can see (lowercased), or `nil` for all.
    public var resources: Set<String>?
    /// The vendor's facts about the caller.
    public var attributes: [String: String]
    /// The kind of credential presented: `token`, `basic`, `api_key`, `jwt` or `anonymous`.
    public var credentialKind: String
    /// The rate-limit budget the caller spends (the grant's, or one per credential).
    public var budgetKey: String

    /// Creates a caller.
    public init(
        subject: String,
        kind: String,
        scopes: Set<String> = [],
        resources: Set<String>? = nil,
        attributes: [String: String] = [:],
        credentialKind: String,
        budgetKey: String
    ) {
        self.subject = subject
        self.kind = kind
        self.scopes = scopes
        self.resources = resources
        self.attributes = attributes
        self.credentialKind = credentialKind
        self.budgetKey = budgetKey
    }

    /// The caller of a grant presented as a credential of `credentialKind`.
    public init(grant: CallerGrant, credentialKind: String, fingerprint: String) {
        self.init(
            subject: grant.subject,
            kind: grant.kind,
            scopes: grant.scopes,
            resources: grant.resources,
            attributes: grant.attributes,
            credentialKind: credentialKind,
            budgetKey: grant.budgetKey ?? "\(credentialKind):\(fingerprint)"
        )
    }

    /// The caller of requests without credentials, where the vendor answers them.
    public static func anonymous(subject: String = "anonymous", scopes: Set<String> = []) -> Self {
        Self(subject: subject, kind: "anonymous", scopes: scopes, credentialKind: "anonymous", budgetKey: "anonymous")
    }

    /// Whether the caller is anonymous.
    public var isAnonymous: Bool { credentialKind == "anonymous" }

    /// Whether the caller holds `scope`.
    public func has(scope: String) -> Bool {
        scopes.contains(scope)
    }

    /// Whether the caller may see a resource (names compared case-insensitively).
    public func canSee(_ resource: String) -> Bool {
        resources?.contains(resource.lowercased()) ?? true
    }

    /// The caller of the request being answered, set by ``CallerAuthenticator/withCaller(_:_:)`` for handlers.
    @TaskLocal public static var current: AuthenticatedCaller?
}
