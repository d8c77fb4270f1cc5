/// A profile field a pack declares beyond `base_url` and `token`: read from `CORDUM_<PACK>_PROFILES` as `<name>` or
/// `<name>_env`, and, without `PROFILES`, from `CORDUM_<PACK>_<NAME>` (or `…_ENV`) into the `default` profile.
///
/// Secret fields land in ``VendorProfile/credentials`` and are registered with the worker's ``SecretRegistry``;
/// plain fields (identifiers such as an app id, an API version) land in ``VendorProfile/settings`` as strings
/// and are not registered, even when read through `_env`, so that short values such as `12345` are not masked
/// wherever they appear in results.
///
/// ```swift
/// let fields = [ProfileField("app_id"), ProfileField("app_private_key", isSecret: true)]
/// let settings = try VendorSettings(packID: "tracker", environment: env, profileFields: fields)
/// ```
public struct ProfileField: Sendable, Hashable {
    /// The field name in a profile (`app_id`); the single-profile variable is its uppercase (`APP_ID`).
    public var name: String
    /// Whether its value is a credential.
    public var isSecret: Bool

    /// A field.
    /// - Parameters:
    ///   - name: The snake_case field name.
    ///   - isSecret: Whether the value is a credential (registered and kept in ``VendorProfile/credentials``).
    public init(_ name: String, isSecret: Bool = false) {
        self.name = name
        self.isSecret = isSecret
    }

    /// The suffix of its single-profile variable (`APP_ID`).
    var variableSuffix: String { name.uppercased() }
}
