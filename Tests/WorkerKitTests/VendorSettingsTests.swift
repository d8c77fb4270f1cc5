import StructuredData
import Testing
import WorkerKit

@Suite("Vendor profiles and settings")
struct VendorSettingsTests {
    let profilesJSON = """
        [
          {"name": "work", "base_url": "https://api.work.example", "token_env": "WORK_TOKEN", "org": "acme",
           "allowed_repos": ["acme/*"]},
          {"name": "oss", "base_url": "https://api.oss.example", "token": "inline-oss-token-1", "api_version": "2022-11-28"}
        ]
        """

    func settings(_ extra: [String: String] = [:], secrets: SecretRegistry = SecretRegistry()) throws
        -> VendorSettings
    {
        var environment = ["CORDUM_GITHUB_PROFILES": profilesJSON, "WORK_TOKEN": "env-work-token-2"]
        environment.merge(extra) { $1 }
        return try VendorSettings(
            packID: "github",
            environment: environment,
            resourceKinds: ["REPOS"],
            secrets: secrets
        )
    }

    @Test func parsesProfilesAndRegistersEveryCredential() throws {
        let secrets = SecretRegistry()
        let settings = try settings(["CORDUM_GITHUB_DEFAULT_PROFILE": "oss"], secrets: secrets)
        #expect(settings.profileNames == ["oss", "work"])
        let work = try #require(settings.profiles["work"])
        #expect(work.baseURL == "https://api.work.example")
        #expect(work.token == "env-work-token-2")
        #expect(work.string("org") == "acme")
        #expect(work.settings["token_env"] == nil)
        #expect(settings.profiles["oss"]?.token == "inline-oss-token-1")
        #expect(settings.profiles["oss"]?.string("api_version") == "2022-11-28")
        #expect(secrets.containsSecret("env-work-token-2") && secrets.containsSecret("inline-oss-token-1"))
        #expect(!work.description.contains("env-work-token-2"))
        #expect(settings.defaultProfile == "oss")
        #expect(try settings.resolveProfile(for: [:]).name == "oss")
        #expect(try settings.resolveProfile(for: ["profile": "work"]).name == "work")
    }

    @Test func readsTheUpstreamScalarSettings() throws {
        let settings = try settings([
            "CORDUM_GITHUB_USER_AGENT": "cordum-github/0.1",
            "CORDUM_GITHUB_REQUEST_TIMEOUT": "1m30s",
            "CORDUM_GITHUB_ALLOW_INLINE_AUTH": "true",
        ])
        #expect(settings.userAgent == "cordum-github/0.1")
        #expect(settings.requestTimeout == .seconds(90))
        #expect(settings.allowInlineAuth)
        #expect(try self.settings(["CORDUM_GITHUB_REQUEST_TIMEOUT": "45"]).requestTimeout == .seconds(45))
        #expect(try self.settings().allowInlineAuth == false)
    }

    @Test func fallsBackToBaseURLAndTokenAsTheDefaultProfile() throws {
        let secrets = SecretRegistry()
        let settings = try VendorSettings(
            packID: "gitlab",
            environment: [
                "CORDUM_GITLAB_BASE_URL": "https://gitlab.example/api/v4",
                "CORDUM_GITLAB_TOKEN_ENV": "GL", "GL": "glpat-abcdef",
            ],
            secrets: secrets
        )
        let profile = try settings.resolveProfile(for: [:])
        #expect(profile.name == "default" && profile.token == "glpat-abcdef")
        #expect(secrets.containsSecret("glpat-abcdef"))
    }

    @Test(
        arguments: [
            (
                ["CORDUM_GITHUB_DEFAULT_PROFILE": "nope"], "CORDUM_GITHUB_DEFAULT_PROFILE",
                ConfigurationError.Code.invalidValue
            ),
            (
                ["CORDUM_GITHUB_PROFILES": "[{\"name\": \"x\", \"token\": \"tok-zzz\""], "CORDUM_GITHUB_PROFILES",
                .invalidValue
            ),
            (["CORDUM_GITHUB_PROFILES": "[{\"base_url\": \"https://a\"}]"], "CORDUM_GITHUB_PROFILES", .invalidValue),
            (
                ["CORDUM_GITHUB_PROFILES": "[{\"name\":\"a\"},{\"name\":\"a\"}]"], "CORDUM_GITHUB_PROFILES",
                .invalidValue
            ),
            (["CORDUM_GITHUB_PROFILES": "{\"a\": 1, \"b\": 2}"], "CORDUM_GITHUB_PROFILES", .invalidValue),
            (["WORK_TOKEN": ""], "CORDUM_GITHUB_PROFILES", .missingIndirection),
            (["CORDUM_GITHUB_REQUEST_TIMEOUT": "soon"], "CORDUM_GITHUB_REQUEST_TIMEOUT", .invalidValue),
            (["CORDUM_GITHUB_ALLOW_INLINE_AUTH": "maybe"], "CORDUM_GITHUB_ALLOW_INLINE_AUTH", .invalidValue),
        ] as [([String: String], String, ConfigurationError.Code)]
    )
    func configurationErrorsNameTheVariable(extra: [String: String], variable: String, code: ConfigurationError.Code) {
        let error = #expect(throws: ConfigurationError.self) { try settings(extra) }
        #expect(error?.variable == variable)
        #expect(error?.code == code)
        #expect(error?.message.contains("tok-zzz") == false)
        #expect(error?.message.contains(variable) == true)
    }

    @Test func missingTokenEnvNamesTheProfileAndVariable() {
        let error = #expect(throws: ConfigurationError.self) { try settings(["WORK_TOKEN": ""]) }
        #expect(error?.message.contains("\"work\"") == true)
        #expect(error?.message.contains("WORK_TOKEN") == true)
    }

    @Test func selectionErrorsNameTheProfileAndVariable() throws {
        let settings = try settings()
        let unknown = #expect(throws: WorkerError.self) { try settings.resolveProfile(for: ["profile": "prod"]) }
        #expect(unknown?.code == .unknownProfile)
        #expect(unknown?.message.contains("\"prod\"") == true)
        #expect(unknown?.message.contains("CORDUM_GITHUB_PROFILES") == true)
        let missing = #expect(throws: WorkerError.self) { try settings.resolveProfile(for: ["action": "repos.get"]) }
        #expect(missing?.code == .profileRequired)
        #expect(missing?.message.contains("CORDUM_GITHUB_DEFAULT_PROFILE") == true)
        let none = try VendorSettings(packID: "slack", environment: [:])
        let unconfigured = #expect(throws: WorkerError.self) { try none.resolveProfile(for: [:]) }
        #expect(unconfigured?.code == .profileRequired)
        #expect(unconfigured?.message.contains("CORDUM_SLACK_PROFILES") == true)
    }

    @Test func refusesInlineAuthUnlessAllowedAndScrubsItEitherWay() throws {
        let secrets = SecretRegistry()
        let input: JSONValue = ["profile": "work", "auth": ["token": "inline-job-token-3"]]
        let refused = #expect(throws: WorkerError.self) {
            try settings(secrets: secrets).resolveProfile(for: input)
        }
        #expect(refused?.code == .inlineAuthRefused)
        #expect(refused?.message.contains("CORDUM_GITHUB_ALLOW_INLINE_AUTH") == true)
        #expect(secrets.containsSecret("inline-job-token-3"))
        let allowed = try settings(["CORDUM_GITHUB_ALLOW_INLINE_AUTH": "1"]).resolveProfile(for: input)
        #expect(allowed.token == "inline-job-token-3")
        #expect(allowed.baseURL == "https://api.work.example")
    }

    @Test func actionAndResourceListsApply() throws {
        let settings = try settings([
            "CORDUM_GITHUB_ALLOW_ACTIONS": "repos.*, issues.*",
            "CORDUM_GITHUB_DENY_ACTIONS": "issues.delete",
            "CORDUM_GITHUB_DENIED_REPOS": "*/secrets",
        ])
        try settings.checkAction("repos.get")
        #expect(throws: WorkerError.self) { try settings.checkAction("pulls.create") }
        let denied = #expect(throws: WorkerError.self) { try settings.checkAction("issues.delete") }
        #expect(denied?.code == .actionNotAllowed)
        #expect(denied?.message.contains("CORDUM_GITHUB_DENY_ACTIONS") == true)

        let work = try settings.selectProfile(named: "work")
        try settings.checkResource("repos", "acme/api", profile: work)
        try settings.checkResource("repos", "other/api")
        let outside = #expect(throws: WorkerError.self) {
            try settings.checkResource("repos", "other/api", profile: work)
        }
        #expect(outside?.code == .resourceNotAllowed)
        #expect(outside?.message.contains("allowed_repos of profile \"work\"") == true)
        let secret = #expect(throws: WorkerError.self) {
            try settings.checkResource("REPOS", "acme/secrets", profile: work)
        }
        #expect(secret?.message.contains("CORDUM_GITHUB_DENIED_REPOS") == true)
    }
}
