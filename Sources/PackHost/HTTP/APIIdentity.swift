/// Who a request acts as, once its key and tenant are checked.
public struct APIIdentity: Sendable, Hashable {
    /// The id of the key used (never the key).
    public var keyID: String
    /// The principal the key acts as.
    public var principal: String
    /// The tenant named by `X-Tenant-ID`.
    public var tenant: String
    /// What the key may do.
    public var roles: Set<APIRole>
    /// The actor type the key declares (`human` or `service`), if any.
    public var actorType: String?
    /// Whether the key may call admin routes.
    public var admin: Bool { roles.contains(.admin) }

    /// Creates an identity.
    public init(keyID: String, principal: String, tenant: String, roles: Set<APIRole>, actorType: String? = nil) {
        self.keyID = keyID
        self.principal = principal
        self.tenant = tenant
        self.roles = roles
        self.actorType = actorType
    }

    /// Creates an identity with the roles keys had before roles existed.
    public init(keyID: String, principal: String, tenant: String, admin: Bool) {
        self.init(keyID: keyID, principal: principal, tenant: tenant, roles: APIRole.legacy(admin: admin))
    }

    /// Throws `forbidden` unless the key is an admin key.
    public func requireAdmin(_ what: String) throws(HostError) {
        try require(.admin, what)
    }

    /// Throws `forbidden` unless the key has `role`.
    /// - Parameter what: what the caller tried, as a phrase ("approving", "submitting a job").
    public func require(_ role: APIRole, _ what: String) throws(HostError) {
        guard roles.contains(role) else {
            throw HostError(.forbidden, "\(what) needs an API key with the \(role.rawValue) role (key \(keyID))")
        }
    }
}
