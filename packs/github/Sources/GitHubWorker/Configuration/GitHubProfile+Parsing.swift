import Foundation
import StructuredData
import WorkerKit
import _CryptoExtras

extension GitHubProfile {
    /// The profile fields the GitHub worker reads beyond `base_url` and `token`.
    static let fields: [ProfileField] = [
        ProfileField("token_type"), ProfileField("api_version"), ProfileField("app_id"),
        ProfileField("app_installation_id"), ProfileField("app_private_key", isSecret: true),
    ]

    /// Builds the GitHub view of a WorkerKit profile.
    /// - Parameters:
    ///   - profile: The parsed profile.
    ///   - place: How messages name where the profile came from (`CORDUM_GITHUB_PROFILES profile "work"`, or
    ///     `CORDUM_GITHUB_`) and the variable errors report.
    ///   - defaults: Values for `api_version` and `token_type` when the profile sets none.
    /// - Throws: ``ConfigurationError`` naming the field and what is valid; never a credential.
    static func parse(
        _ profile: VendorProfile,
        place: ProfilePlace,
        defaults: [String: String] = [:]
    ) throws(ConfigurationError) -> GitHubProfile {
        let baseURL = try parseBaseURL(profile.baseURL, place: place)
        let apiVersion = try text(profile, "api_version", place: place) ?? defaults["api_version"] ?? defaultAPIVersion
        guard apiVersion.count == 10,
            apiVersion.enumerated().allSatisfy({ index, character in
                index == 4 || index == 7 ? character == "-" : character.isASCII && character.isNumber
            })
        else {
            throw place.error(field: "api_version", "is \"\(apiVersion)\"; expected a date such as 2022-11-28.")
        }
        let appID = try text(profile, "app_id", place: place)
        let installationID = try text(profile, "app_installation_id", place: place)
        let privateKey = profile.credentials["app_private_key"]
        let authentication: Authentication
        if appID != nil || installationID != nil || privateKey != nil {
            guard profile.token == nil else {
                throw place.error(
                    field: "token",
                    "is set together with GitHub App settings; configure either a token or app_id, app_private_key and app_installation_id."
                )
            }
            let missing = [("app_id", appID), ("app_private_key", privateKey), ("app_installation_id", installationID)]
                .filter { $0.1 == nil }.map(\.0)
            guard missing.isEmpty, let appID, let installationID, let privateKey else {
                throw place.error(
                    field: missing.first ?? "app_id",
                    "is missing: a GitHub App profile needs app_id, app_private_key and app_installation_id (each may be given as <field>_env); missing: \(missing.joined(separator: ", "))."
                )
            }
            guard installationID.allSatisfy(\.isNumber) else {
                throw place.error(field: "app_installation_id", "is \"\(installationID)\"; expected digits.")
            }
            guard !appID.isEmpty, appID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }) else {
                throw place.error(field: "app_id", "is \"\(appID)\"; expected the App id (digits) or its client id.")
            }
            authentication = .app(
                GitHubAppCredentials(
                    appID: appID,
                    privateKey: try parsePrivateKey(privateKey, place: place),
                    installationID: installationID
                )
            )
        } else if let token = profile.token {
            let type = try text(profile, "token_type", place: place) ?? defaults["token_type"] ?? "Bearer"
            switch type.lowercased() {
            case "bearer": authentication = .token(token, scheme: "Bearer")
            case "token": authentication = .token(token, scheme: "token")
            default: throw place.error(field: "token_type", "is \"\(type)\"; expected Bearer or token.")
            }
        } else {
            authentication = .anonymous
        }
        return GitHubProfile(
            name: profile.name,
            baseURL: baseURL,
            apiVersion: apiVersion,
            authentication: authentication,
            vendorProfile: profile
        )
    }

    /// A string (or integer) setting.
    private static func text(_ profile: VendorProfile, _ field: String, place: ProfilePlace) throws(ConfigurationError)
        -> String?
    {
        switch profile.settings[field] ?? profile.credentials[field].map(JSONValue.string) {
        case nil, .null?: return nil
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        case .integer(let number)?: return String(number)
        case let other?: throw place.error(field: field, "must be a string, not \(other.typeName).")
        }
    }

    private static func parseBaseURL(_ text: String?, place: ProfilePlace) throws(ConfigurationError) -> String {
        guard var url = text?.trimmingCharacters(in: .whitespaces), !url.isEmpty else { return defaultBaseURL }
        while url.hasSuffix("/") { url.removeLast() }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil, components.password == nil
        else {
            throw place.error(
                field: "base_url",
                "is \"\(url)\"; expected an http(s) URL without query or credentials, such as https://api.github.com or https://ghe.example.com/api/v3."
            )
        }
        return url
    }

    /// Parses a PEM private key (PKCS#1 `RSA PRIVATE KEY` as GitHub issues them, or PKCS#8); a value written on one
    /// line with `\n` escapes is accepted.
    static func parsePrivateKey(_ pem: String, place: ProfilePlace) throws(ConfigurationError)
        -> _RSA.Signing.PrivateKey
    {
        var text = pem.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.contains("\n"), text.contains("\\n") { text = text.replacingOccurrences(of: "\\n", with: "\n") }
        do {
            return try _RSA.Signing.PrivateKey(pemRepresentation: text)
        } catch {
            throw place.error(
                field: "app_private_key",
                "is not a PEM RSA private key of 2048 bits or more (the .pem file GitHub generates for the App)."
            )
        }
    }
}

/// Where a profile came from, so configuration errors name the variable a user must fix.
struct ProfilePlace {
    /// The variable errors report (`CORDUM_GITHUB_PROFILES`, or the single-profile variable of the field).
    var variable: @Sendable (_ field: String) -> String
    /// How messages introduce the field (`CORDUM_GITHUB_PROFILES profile "work": app_id`, or
    /// `CORDUM_GITHUB_APP_ID`).
    var label: @Sendable (_ field: String) -> String

    func error(field: String, _ problem: String) -> ConfigurationError {
        ConfigurationError(code: .invalidValue, variable: variable(field), message: "\(label(field)) \(problem)")
    }

    static func profiles(_ variable: String, name: String) -> ProfilePlace {
        ProfilePlace(variable: { _ in variable }, label: { "\(variable) profile \"\(name)\": \($0)" })
    }

    static func single(prefix: String) -> ProfilePlace {
        ProfilePlace(variable: { prefix + $0.uppercased() }, label: { prefix + $0.uppercased() })
    }
}
