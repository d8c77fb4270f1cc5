import Foundation
public import WorkerKit

extension GitHubConfiguration {
    /// Reads the configuration from the environment (pass `ProcessInfo.processInfo.environment`).
    ///
    /// Besides WorkerKit's `CORDUM_GITHUB_*` variables (``VendorSettings/init(packID:environment:resourceKinds:profileFields:secrets:)``,
    /// with resource kind `REPOS`): profile fields `token_type`, `api_version`, `app_id`, `app_private_key`,
    /// `app_installation_id` (each also `<field>_env`, and `CORDUM_GITHUB_<FIELD>` for the single profile),
    /// `CORDUM_GITHUB_MAX_PAGES` (1–50, default 10), `CORDUM_GITHUB_RATE_LIMIT_MAX_WAIT` (duration, default 60s),
    /// `CORDUM_GITHUB_ETAG_CACHE_SIZE` (entries, default 500, 0 = off), `CORDUM_GITHUB_ARTIFACT_THRESHOLD_BYTES`
    /// (default 262144, 0 = never). Without `CORDUM_GITHUB_PROFILES` and any
    /// single-profile variable, one anonymous profile `default` on https://api.github.com is used.
    /// - Parameters:
    ///   - environment: The variables.
    ///   - secrets: The worker's registry; every credential is registered in it.
    /// - Throws: ``ConfigurationError`` naming the variable (and the profile and field) at fault; never a secret.
    public init(environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws(ConfigurationError) {
        let prefix = WorkerConfiguration.variablePrefix(packID: Self.packID)
        let settings = try VendorSettings(
            packID: Self.packID,
            environment: environment,
            resourceKinds: ["REPOS"],
            profileFields: GitHubProfile.fields,
            secrets: secrets
        )
        let usesProfilesVariable = [prefix + "PROFILES", prefix + "PROFILES_ENV"].contains {
            !(environment[$0] ?? "").isEmpty
        }
        // With PROFILES, the single-profile API_VERSION and TOKEN_TYPE still give defaults.
        var defaults: [String: String] = [:]
        for field in ["api_version", "token_type"] {
            if let value = environment[prefix + field.uppercased()], !value.isEmpty { defaults[field] = value }
        }
        var profiles: [GitHubProfile] = []
        for name in settings.profileNames {
            guard let vendorProfile = settings.profiles[name] else { continue }
            let place =
                usesProfilesVariable
                ? ProfilePlace.profiles(prefix + "PROFILES", name: name) : ProfilePlace.single(prefix: prefix)
            profiles.append(try GitHubProfile.parse(vendorProfile, place: place, defaults: defaults))
        }
        if profiles.isEmpty {
            profiles = [GitHubProfile(name: "default", authentication: .anonymous)]
        }
        let maxPages = try Self.integer(environment, prefix + "MAX_PAGES", in: 1...Self.maxPagesLimit) ?? 10
        let cacheSize = try Self.integer(environment, prefix + "ETAG_CACHE_SIZE", in: 0...100_000) ?? 500
        let threshold =
            try Self.integer(environment, prefix + "ARTIFACT_THRESHOLD_BYTES", in: 0...(16 << 20)) ?? (256 << 10)
        var maxWait = Duration.seconds(60)
        let waitVariable = prefix + "RATE_LIMIT_MAX_WAIT"
        if let text = environment[waitVariable], !text.isEmpty {
            guard let parsed = Self.duration(text), parsed >= .zero, parsed <= .seconds(3600) else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: waitVariable,
                    message:
                        "\(waitVariable) is \"\(text)\"; expected seconds (60) or a duration such as 90s or 5m, at most 1h."
                )
            }
            maxWait = parsed
        }
        self.init(
            settings: settings,
            profiles: profiles,
            defaultMaxPages: maxPages,
            rateLimitMaxWait: maxWait,
            etagCacheSize: cacheSize,
            artifactThreshold: threshold
        )
    }

    private static func integer(_ environment: [String: String], _ name: String, in range: ClosedRange<Int>)
        throws(ConfigurationError) -> Int?
    {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigurationError(
                code: .invalidValue,
                variable: name,
                message:
                    "\(name) is \"\(text)\"; expected a whole number from \(range.lowerBound) to \(range.upperBound)."
            )
        }
        return value
    }

    /// `60`, `90s`, `5m`, `1m30s`.
    static func duration(_ text: String) -> Duration? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text) { return .seconds(seconds) }
        var total = Duration.zero
        var number = ""
        var sawUnit = false
        for character in text {
            if character.isNumber {
                number.append(character)
                continue
            }
            guard let value = Int(number) else { return nil }
            switch character {
            case "h": total += .seconds(value * 3600)
            case "m": total += .seconds(value * 60)
            case "s": total += .seconds(value)
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        return sawUnit && number.isEmpty ? total : nil
    }
}
