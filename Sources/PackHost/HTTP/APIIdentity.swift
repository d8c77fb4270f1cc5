/// Who a request acts as, once its key and tenant are checked.
public struct APIIdentity: Sendable, Hashable {
    /// The id of the key used (never the key).
    public var keyID: String
    /// The principal the key acts as.
    public var principal: String
    /// The tenant named by `X-Tenant-ID`.
    public var tenant: String
    /// Whether the key may call admin routes.
    public var admin: Bool

    /// Creates an identity.
    public init(keyID: String, principal: String, tenant: String, admin: Bool) {
        self.keyID = keyID
        self.principal = principal
        self.tenant = tenant
        self.admin = admin
    }

    /// Throws `forbidden` unless the key is an admin key.
    public func requireAdmin(_ what: String) throws(HostError) {
        guard admin else { throw HostError(.forbidden, "\(what) needs an admin API key") }
    }
}
