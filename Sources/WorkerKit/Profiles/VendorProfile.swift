public import StructuredData

/// One named set of vendor settings from `CORDUM_<PACK>_PROFILES`: where the API is, the credentials, and
/// free-form settings the pack reads (organisation, API version, per-profile allow/deny lists, …).
///
/// Credentials never appear in ``description``.
public struct VendorProfile: Sendable, Hashable, CustomStringConvertible {
    /// The profile name jobs select with their `profile` input.
    public var name: String
    /// The vendor API base URL, if the profile sets one (`base_url`).
    public var baseURL: String?
    /// Credentials by field name (`token`, `password`, `private_key`, …): set inline, or read through the
    /// variable a `<field>_env` names. Every value is in the worker's ``SecretRegistry``.
    public var credentials: [String: String]
    /// Every other field, as given.
    public var settings: [String: JSONValue]

    /// A profile.
    /// - Parameters:
    ///   - name: The profile name.
    ///   - baseURL: The API base URL.
    ///   - credentials: Credentials by field name; register them in the worker's secrets.
    ///   - settings: Other fields.
    public init(
        name: String,
        baseURL: String? = nil,
        credentials: [String: String] = [:],
        settings: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.baseURL = baseURL
        self.credentials = credentials
        self.settings = settings
    }

    /// The `token` credential.
    public var token: String? { credentials["token"] }

    /// A string setting.
    public func string(_ key: String) -> String? { settings[key]?.stringValue }

    /// The profile's own allow/deny list for a resource kind: settings `allowed_<kind>` and `denied_<kind>`
    /// (arrays of patterns, or comma-separated strings); for actions `allow_actions` and `deny_actions`.
    public func accessList(_ kind: String) -> AccessList {
        let noun = kind.lowercased()
        let (allowKey, denyKey) =
            noun == "actions" ? ("allow_actions", "deny_actions") : ("allowed_\(noun)", "denied_\(noun)")
        return AccessList(allow: Self.patterns(settings[allowKey]), deny: Self.patterns(settings[denyKey]))
    }

    public var description: String {
        let fields = credentials.keys.sorted().map { "\($0)=\(SecretRegistry.mask)" }
        return
            "profile \"\(name)\" (\(baseURL ?? "no base_url")\(fields.isEmpty ? "" : ", " + fields.joined(separator: ", ")))"
    }

    static func patterns(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let text): return PatternList.parse(text)
        case .array(let items): return items.compactMap(\.stringValue).filter { !$0.isEmpty }
        default: return []
        }
    }
}

/// Comma-separated pattern lists, as in `CORDUM_TRACKER_ALLOWED_PROJECTS=acme-*,tools`.
enum PatternList {
    static func parse(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingBlanks() }.filter { !$0.isEmpty }
    }
}

extension String {
    func trimmingBlanks() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
