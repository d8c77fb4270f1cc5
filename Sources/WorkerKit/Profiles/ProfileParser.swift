import StructuredData

/// Turns `CORDUM_<PACK>_PROFILES` (or `BASE_URL` + `TOKEN`) into profiles, resolving `<field>_env` credentials.
struct ProfileParser {
    /// Fields whose inline values are credentials.
    static let credentialFields: Set<String> = [
        "token", "password", "private_key", "app_private_key", "api_key", "secret", "client_secret",
        "refresh_token", "application_key", "service_account_json", "client_key_pem",
    ]

    let reader: EnvironmentReader
    /// Fields the pack declares (secret or plain); see ``ProfileField``.
    var fields: [ProfileField] = []

    private func isPlain(_ field: String) -> Bool {
        fields.contains { $0.name == field && !$0.isSecret }
    }

    private func isCredential(_ field: String) -> Bool {
        Self.credentialFields.contains(field) || fields.contains { $0.name == field && $0.isSecret }
    }

    func profiles() throws(ConfigurationError) -> [VendorProfile] {
        let variable = reader.packVariable("PROFILES")
        guard let text = try reader.value(variable) else { return try fallbackProfile() }
        let json: JSONValue
        do {
            json = try JSONParser.parse(text, file: variable)
        } catch {
            throw invalid(
                variable,
                "\(variable) is not valid JSON (line \(error.location.line), column \(error.location.column)); "
                    + #"expected a list such as [{"name":"work","base_url":"https://…","token_env":"WORK_TOKEN"}]."#
            )
        }
        var entries: [JSONValue]
        switch json {
        case .array(let items): entries = items
        case .object(let members):
            // Also accept {"work": {...}}, keyed by name.
            entries = []
            for name in members.keys.sorted() {
                guard var fields = members[name]?.objectValue else {
                    throw invalid(variable, "\(variable) profile \"\(name)\" is not an object of settings.")
                }
                fields["name"] = fields["name"] ?? .string(name)
                entries.append(.object(fields))
            }
        default:
            throw invalid(variable, "\(variable) must be a JSON list of profile objects.")
        }
        var profiles: [VendorProfile] = []
        for (index, entry) in entries.enumerated() {
            let profile = try parse(entry, index: index, variable: variable)
            guard !profiles.contains(where: { $0.name == profile.name }) else {
                throw invalid(
                    variable,
                    "\(variable) defines the profile \"\(profile.name)\" twice; names must be unique."
                )
            }
            profiles.append(profile)
        }
        return profiles
    }

    private func parse(_ entry: JSONValue, index: Int, variable: String) throws(ConfigurationError) -> VendorProfile {
        guard let fields = entry.objectValue else {
            throw invalid(variable, "\(variable)[\(index)] is not an object; each profile is {\"name\": …, …}.")
        }
        guard let name = fields["name"]?.stringValue?.trimmingBlanks(), !name.isEmpty else {
            throw invalid(variable, "\(variable)[\(index)] has no \"name\"; every profile needs a non-empty name.")
        }
        var profile = VendorProfile(name: name)
        for (key, value) in fields where key != "name" {
            switch key {
            case "base_url":
                guard let url = value.stringValue else {
                    throw invalid(variable, "\(variable) profile \"\(name)\": base_url must be a string URL.")
                }
                profile.baseURL = url
            case let key where key.hasSuffix("_env") && key.count > 4:
                guard let target = value.stringValue, !target.isEmpty else {
                    throw invalid(
                        variable,
                        "\(variable) profile \"\(name)\": \(key) must name an environment variable."
                    )
                }
                guard let secret = reader.environment[target], !secret.isEmpty else {
                    throw ConfigurationError(
                        code: .missingIndirection,
                        variable: variable,
                        message:
                            "\(variable) profile \"\(name)\" sets \(key) to \"\(target)\", which is not set; set \(target) or change \(key)."
                    )
                }
                let field = String(key.dropLast(4))
                if isPlain(field) {
                    profile.settings[field] = .string(secret)
                } else {
                    reader.secrets.register(secret)
                    profile.credentials[field] = secret
                }
            case let key where isCredential(key):
                guard let secret = value.stringValue else {
                    throw invalid(variable, "\(variable) profile \"\(name)\": \(key) must be a string.")
                }
                reader.secrets.register(secret)
                // A `<field>_env` of the same profile wins over the inline value.
                if profile.credentials[key] == nil || fields[key + "_env"] == nil {
                    profile.credentials[key] = secret
                }
            default:
                // A plain declared field's `_env` wins over its inline value.
                if !isPlain(key) || fields[key + "_env"] == nil { profile.settings[key] = value }
            }
        }
        return profile
    }

    /// Without `PROFILES`: one profile named `default` from `BASE_URL`, `TOKEN` and the declared fields' variables
    /// (each may use `_ENV`).
    private func fallbackProfile() throws(ConfigurationError) -> [VendorProfile] {
        let baseURL = try reader.value(reader.packVariable("BASE_URL"))
        let token = try reader.value(reader.packVariable("TOKEN"))
        var profile = VendorProfile(name: "default", baseURL: baseURL, credentials: token.map { ["token": $0] } ?? [:])
        if let token { reader.secrets.register(token) }
        for field in fields where field.name != "token" && field.name != "base_url" {
            let variable = reader.packVariable(field.variableSuffix)
            guard let value = try reader.value(variable, secret: field.isSecret) else { continue }
            if field.isSecret {
                reader.secrets.register(value)
                profile.credentials[field.name] = value
            } else {
                profile.settings[field.name] = .string(value)
            }
        }
        guard baseURL != nil || !profile.credentials.isEmpty || !profile.settings.isEmpty else { return [] }
        return [profile]
    }

    private func invalid(_ variable: String, _ message: String) -> ConfigurationError {
        ConfigurationError(code: .invalidValue, variable: variable, message: message)
    }
}
