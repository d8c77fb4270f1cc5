import StructuredData

extension VendorSettings {
    /// Reads the settings from the environment (pass `ProcessInfo.processInfo.environment`).
    ///
    /// | variable | meaning | default |
    /// | --- | --- | --- |
    /// | `CORDUM_<PACK>_PROFILES` | JSON list of profiles: `name`, `base_url`, `token` or `token_env`, any other fields (`<field>_env` reads a credential from that variable) | one profile `default` from `BASE_URL` and `TOKEN`, if either is set |
    /// | `CORDUM_<PACK>_DEFAULT_PROFILE` | profile for jobs that name none | the only profile, or `default` |
    /// | `CORDUM_<PACK>_BASE_URL`, `CORDUM_<PACK>_TOKEN`, `CORDUM_<PACK>_<FIELD>` for each of `profileFields` | the `default` profile when `PROFILES` is unset | none |
    /// | `CORDUM_<PACK>_ALLOW_ACTIONS`, `CORDUM_<PACK>_DENY_ACTIONS` | comma-separated action globs | all allowed |
    /// | `CORDUM_<PACK>_ALLOWED_<KIND>`, `CORDUM_<PACK>_DENIED_<KIND>` | comma-separated resource globs, for each kind in `resourceKinds` | all allowed |
    /// | `CORDUM_<PACK>_ALLOW_INLINE_AUTH` | jobs may carry credentials in `auth` | false |
    /// | `CORDUM_<PACK>_USER_AGENT` | `User-Agent` of vendor requests | none |
    /// | `CORDUM_<PACK>_REQUEST_TIMEOUT` | per-request timeout: seconds, or a Go duration (`30s`, `1m30s`, `500ms`) | none |
    ///
    /// Every variable may be given as `X_ENV=NAME` (read from `NAME`, and registered as a secret).
    /// - Parameters:
    ///   - packID: The pack id.
    ///   - environment: The variables.
    ///   - resourceKinds: The resource kinds the pack scopes (`["REPOS"]`, `["PROJECTS"]`, …).
    ///   - profileFields: Further profile fields the pack reads (``ProfileField``): whether each is a secret, and
    ///     its single-profile variable `CORDUM_<PACK>_<FIELD>` when `PROFILES` is unset.
    ///   - secrets: The worker's registry (`configuration.secrets`); every credential is registered in it.
    /// - Throws: ``ConfigurationError`` naming the variable, and the profile and field where one is at fault.
    public init(
        packID: String,
        environment: [String: String],
        resourceKinds: [String] = [],
        profileFields: [ProfileField] = [],
        secrets: SecretRegistry = SecretRegistry()
    ) throws(ConfigurationError) {
        let reader = try EnvironmentReader(packID: packID, environment: environment, secrets: secrets)
        let profiles = try ProfileParser(reader: reader, fields: profileFields).profiles()
        let defaultVariable = reader.packVariable("DEFAULT_PROFILE")
        let defaultProfile = try reader.value(defaultVariable)?.trimmingBlanks()
        if let defaultProfile, !profiles.contains(where: { $0.name == defaultProfile }) {
            let known = profiles.map { "\"\($0.name)\"" }.joined(separator: ", ")
            throw ConfigurationError(
                code: .invalidValue,
                variable: defaultVariable,
                message:
                    "\(defaultVariable) is \"\(defaultProfile)\", which is not a configured profile; configured: \(known.isEmpty ? "none" : known)."
            )
        }
        var resources: [String: AccessList] = [:]
        for kind in resourceKinds.map({ $0.uppercased() }) {
            resources[kind] = AccessList(
                allow: try reader.value(reader.packVariable("ALLOWED_\(kind)")).map(PatternList.parse) ?? [],
                deny: try reader.value(reader.packVariable("DENIED_\(kind)")).map(PatternList.parse) ?? []
            )
        }
        let timeoutVariable = reader.packVariable("REQUEST_TIMEOUT")
        var timeout: Duration?
        if let text = try reader.value(timeoutVariable) {
            guard let parsed = GoDuration.parse(text), parsed > .zero, parsed <= .seconds(3600) else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: timeoutVariable,
                    message:
                        "\(timeoutVariable) is \"\(text)\"; expected seconds (30) or a duration such as 30s, 1m30s or 500ms, at most 1h."
                )
            }
            timeout = parsed
        }
        self.init(
            packID: packID,
            profiles: profiles,
            defaultProfile: defaultProfile,
            actions: AccessList(
                allow: try reader.value(reader.packVariable("ALLOW_ACTIONS")).map(PatternList.parse) ?? [],
                deny: try reader.value(reader.packVariable("DENY_ACTIONS")).map(PatternList.parse) ?? []
            ),
            resources: resources,
            allowInlineAuth: try Self.flag(reader, reader.packVariable("ALLOW_INLINE_AUTH")),
            userAgent: try reader.value(reader.packVariable("USER_AGENT")),
            requestTimeout: timeout,
            secrets: secrets
        )
    }

    private static func flag(_ reader: EnvironmentReader, _ name: String) throws(ConfigurationError) -> Bool {
        guard let text = try reader.value(name) else { return false }
        switch text.trimmingBlanks().lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default:
            throw ConfigurationError(
                code: .invalidValue,
                variable: name,
                message: "\(name) is \"\(text)\"; expected true or false."
            )
        }
    }
}
