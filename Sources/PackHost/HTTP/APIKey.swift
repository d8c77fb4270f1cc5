public import StructuredData

/// One API key as stored in `api-keys.json`: who it acts as, for which tenants, and the SHA-256 of the key
/// (the key itself is never stored).
public struct APIKey: Sendable, Hashable {
    /// A stable id for the key (shown in logs and audit records instead of the key).
    public var id: String
    /// The principal requests with this key act as.
    public var principal: String
    /// The tenants the key may act for; `*` means every tenant.
    public var tenants: [String]
    /// What the key may do.
    public var roles: Set<APIRole>
    /// `human` or `service` when the key says which it is: the actor type the policy sees for its requests
    /// (`match.actor_types`). A key that names one cannot submit jobs claiming the other.
    public var actorType: String?
    /// Whether the key has the admin role.
    public var admin: Bool { roles.contains(.admin) }
    /// Lowercase hex SHA-256 of the key.
    public var sha256: String

    /// Creates a key record with explicit roles.
    public init(
        id: String,
        principal: String,
        tenants: [String],
        roles: Set<APIRole>,
        actorType: String? = nil,
        sha256: String
    ) {
        self.id = id
        self.principal = principal
        self.tenants = tenants
        self.roles = roles
        self.actorType = actorType
        self.sha256 = sha256
    }

    /// Creates a key record with the roles keys had before roles existed (``APIRole/legacy(admin:)``).
    public init(id: String, principal: String, tenants: [String], admin: Bool, sha256: String) {
        self.init(id: id, principal: principal, tenants: tenants, roles: APIRole.legacy(admin: admin), sha256: sha256)
    }

    /// The hash stored for a key: lowercase hex SHA-256 of its UTF-8 bytes.
    public static func hash(_ secret: String) -> String { Hashing.sha256Hex(secret) }

    /// Whether the key may act for `tenant`.
    public func allows(tenant: String) -> Bool {
        tenants.contains("*") || tenants.contains(tenant)
    }

    /// The record as written in `api-keys.json`.
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(id),
            "principal": .string(principal),
            "tenants": .array(tenants.map(JSONValue.string)),
            "admin": .bool(admin),
            "roles": .array(roles.sorted().map { .string($0.rawValue) }),
            "sha256": .string(sha256),
        ]
        fields["actor_type"] = actorType.map(JSONValue.string)
        return .object(fields)
    }

    /// Reads one record of `api-keys.json`.
    /// - Throws: `invalid_argument` naming the entry and the field that is missing or malformed.
    public init(json: JSONValue, index: Int, file: String) throws(HostError) {
        func field(_ name: String) throws(HostError) -> String {
            guard let value = json[name]?.stringValue, !value.isEmpty else {
                throw HostError(.invalidArgument, "\(file): keys[\(index)].\(name) must be a non-empty string")
            }
            return value
        }
        let sha256 = try field("sha256").lowercased()
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else {
            throw HostError(.invalidArgument, "\(file): keys[\(index)].sha256 must be 64 hex digits")
        }
        guard let tenants = json["tenants"]?.arrayValue?.compactMap(\.stringValue), !tenants.isEmpty else {
            throw HostError(
                .invalidArgument,
                "\(file): keys[\(index)].tenants must be a non-empty array of tenant ids or \"*\""
            )
        }
        let admin: Bool
        switch json["admin"] {
        case nil, .null?: admin = false
        case .bool(let value)?: admin = value
        default: throw HostError(.invalidArgument, "\(file): keys[\(index)].admin must be true or false")
        }
        var roles = APIRole.legacy(admin: admin)
        switch json["roles"] {
        case nil, .null?: break
        case .array(let items)?:
            roles = []
            for (position, item) in items.enumerated() {
                guard let name = item.stringValue, let role = APIRole(rawValue: name) else {
                    throw HostError(
                        .invalidArgument,
                        "\(file): keys[\(index)].roles[\(position)] must be one of "
                            + APIRole.allCases.map(\.rawValue).joined(separator: ", ")
                    )
                }
                roles.insert(role)
            }
            if admin { roles.insert(.admin) }
        default:
            throw HostError(.invalidArgument, "\(file): keys[\(index)].roles must be an array of role names")
        }
        var actorType: String?
        switch json["actor_type"] {
        case nil, .null?: break
        case .string(let text)? where text == "human" || text == "service": actorType = text
        default:
            throw HostError(.invalidArgument, "\(file): keys[\(index)].actor_type must be \"human\" or \"service\"")
        }
        self.init(
            id: try field("id"),
            principal: try field("principal"),
            tenants: tenants,
            roles: roles,
            actorType: actorType,
            sha256: sha256
        )
    }
}
