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
    /// Whether the key may call admin routes (installs, system config, audit verification).
    public var admin: Bool
    /// Lowercase hex SHA-256 of the key.
    public var sha256: String

    /// Creates a key record.
    public init(id: String, principal: String, tenants: [String], admin: Bool, sha256: String) {
        self.id = id
        self.principal = principal
        self.tenants = tenants
        self.admin = admin
        self.sha256 = sha256
    }

    /// The hash stored for a key: lowercase hex SHA-256 of its UTF-8 bytes.
    public static func hash(_ secret: String) -> String { Hashing.sha256Hex(secret) }

    /// Whether the key may act for `tenant`.
    public func allows(tenant: String) -> Bool {
        tenants.contains("*") || tenants.contains(tenant)
    }

    /// The record as written in `api-keys.json`.
    public var json: JSONValue {
        [
            "id": .string(id),
            "principal": .string(principal),
            "tenants": .array(tenants.map(JSONValue.string)),
            "admin": .bool(admin),
            "sha256": .string(sha256),
        ]
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
        self.init(
            id: try field("id"),
            principal: try field("principal"),
            tenants: tenants,
            admin: admin,
            sha256: sha256
        )
    }
}
