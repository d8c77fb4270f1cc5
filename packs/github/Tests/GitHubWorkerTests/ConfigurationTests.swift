import CryptoExtras
import Foundation
import GitHubWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit
import _CryptoExtras

@Suite("GitHub worker configuration")
struct ConfigurationTests {
    let pem = TestKeys.app.pemRepresentation

    @Test func parsesSeveralProfilesWithIndirectSecrets() throws {
        let secrets = SecretRegistry()
        let profiles = """
            [
              {"name": "work", "token_env": "WORK_GH_TOKEN", "token_type": "token", "allowed_repos": ["acme/*"]},
              {"name": "ghe", "base_url": "https://ghe.example.com/api/v3/", "app_id_env": "GHE_APP_ID",
               "app_private_key_env": "GHE_APP_KEY", "app_installation_id": 77, "api_version": "2022-11-28"}
            ]
            """
        let configuration = try makeConfiguration(
            [
                "CORDUM_GITHUB_PROFILES": profiles, "WORK_GH_TOKEN": "ghp_workSecretToken123",
                "GHE_APP_ID": "4242", "GHE_APP_KEY": pem, "CORDUM_GITHUB_DEFAULT_PROFILE": "work",
            ],
            secrets: secrets
        )
        #expect(configuration.profiles.keys.sorted() == ["ghe", "work"])
        let work = try #require(configuration.profiles["work"])
        #expect(work.baseURL == "https://api.github.com")
        guard case .token(let token, let scheme) = work.authentication else {
            Issue.record("work should use a token")
            return
        }
        #expect(token == "ghp_workSecretToken123" && scheme == "token")
        let ghe = try #require(configuration.profiles["ghe"])
        #expect(ghe.baseURL == "https://ghe.example.com/api/v3")
        guard case .app(let app) = ghe.authentication else {
            Issue.record("ghe should be a GitHub App")
            return
        }
        #expect(app.appID == "4242" && app.installationID == "77")
        // Credentials are secrets; the App id read through _env is an identifier, not a secret.
        #expect(secrets.containsSecret("ghp_workSecretToken123"))
        #expect(secrets.containsSecret(pem))
        #expect(!secrets.containsSecret("4242"))
        #expect(configuration.settings.defaultProfile == "work")
    }

    @Test func singleProfileVariablesBuildTheDefaultProfile() throws {
        let secrets = SecretRegistry()
        let configuration = try makeConfiguration(
            [
                "CORDUM_GITHUB_APP_ID": "99", "CORDUM_GITHUB_APP_PRIVATE_KEY_ENV": "MY_KEY", "MY_KEY": pem,
                "CORDUM_GITHUB_APP_INSTALLATION_ID_ENV": "MY_INSTALLATION", "MY_INSTALLATION": "1234",
                "CORDUM_GITHUB_BASE_URL": "https://ghe.example.com/api/v3", "CORDUM_GITHUB_MAX_PAGES": "3",
                "CORDUM_GITHUB_RATE_LIMIT_MAX_WAIT": "2m",
            ],
            secrets: secrets
        )
        let profile = try #require(configuration.profiles["default"])
        guard case .app(let app) = profile.authentication else {
            Issue.record("expected an App profile")
            return
        }
        #expect(app.appID == "99" && app.installationID == "1234")
        #expect(profile.baseURL == "https://ghe.example.com/api/v3")
        #expect(configuration.defaultMaxPages == 3)
        #expect(configuration.rateLimitMaxWait == .seconds(120))
        #expect(!secrets.containsSecret("1234"))
        #expect(secrets.containsSecret(pem))
    }

    @Test func tokenVariableAndDefaults() throws {
        let configuration = try makeConfiguration(["CORDUM_GITHUB_TOKEN_ENV": "GH", "GH": "ghp_abcdefgh12345678"])
        let profile = try #require(configuration.profiles["default"])
        #expect(profile.apiVersion == "2022-11-28")
        guard case .token(_, let scheme) = profile.authentication else {
            Issue.record("expected a token profile")
            return
        }
        #expect(scheme == "Bearer")
        #expect(configuration.defaultMaxPages == 10)
        #expect(configuration.userAgent == "cordum-github/0.2.0")
        // Nothing configured: one anonymous profile on github.com.
        let anonymous = try makeConfiguration([:])
        #expect(anonymous.profiles["default"]?.authenticationKind == "anonymous")
    }

    @Test func privateKeyWithEscapedNewlinesIsAccepted() throws {
        let oneLine = pem.replacingOccurrences(of: "\n", with: "\\n")
        let configuration = try makeConfiguration([
            "CORDUM_GITHUB_APP_ID": "1", "CORDUM_GITHUB_APP_PRIVATE_KEY": oneLine,
            "CORDUM_GITHUB_APP_INSTALLATION_ID": "2",
        ])
        #expect(configuration.profiles["default"]?.authenticationKind == "app")
    }

    /// Each bad configuration fails naming the variable, and never shows a secret.
    static let badConfigurations: [([String: String], String, String)] = [
        (
            ["CORDUM_GITHUB_PROFILES": "[{\"name\": \"x\", \"token\": \"t0kenSecret\", \"token_type\": \"Basic\"}]"],
            "CORDUM_GITHUB_PROFILES", "token_type"
        ),
        (
            ["CORDUM_GITHUB_TOKEN": "t0kenSecret", "CORDUM_GITHUB_BASE_URL": "ftp://example.com"],
            "CORDUM_GITHUB_BASE_URL", "http(s) URL"
        ),
        (
            ["CORDUM_GITHUB_TOKEN": "t0kenSecret", "CORDUM_GITHUB_API_VERSION": "latest"],
            "CORDUM_GITHUB_API_VERSION", "2022-11-28"
        ),
        (["CORDUM_GITHUB_APP_ID": "5"], "CORDUM_GITHUB_APP_PRIVATE_KEY", "app_private_key"),
        (
            [
                "CORDUM_GITHUB_APP_ID": "5", "CORDUM_GITHUB_APP_INSTALLATION_ID": "6",
                "CORDUM_GITHUB_APP_PRIVATE_KEY": "not a key t0kenSecret",
            ], "CORDUM_GITHUB_APP_PRIVATE_KEY", "PEM"
        ),
        (
            ["CORDUM_GITHUB_PROFILES": "[{\"name\": \"x\", \"token_env\": \"MISSING_VAR\"}]"],
            "CORDUM_GITHUB_PROFILES", "MISSING_VAR"
        ),
        (
            ["CORDUM_GITHUB_TOKEN": "t0kenSecret", "CORDUM_GITHUB_MAX_PAGES": "500"], "CORDUM_GITHUB_MAX_PAGES",
            "1 to 50"
        ),
        (
            ["CORDUM_GITHUB_TOKEN": "t0kenSecret", "CORDUM_GITHUB_RATE_LIMIT_MAX_WAIT": "soon"],
            "CORDUM_GITHUB_RATE_LIMIT_MAX_WAIT", "duration"
        ),
        (["CORDUM_GITHUB_TOKEN_ENV": "NOT_SET_ANYWHERE"], "CORDUM_GITHUB_TOKEN_ENV", "NOT_SET_ANYWHERE"),
        (
            ["CORDUM_GITHUB_PROFILES": "[{\"name\": \"x\", \"token\": \"t0kenSecret\", \"app_id\": \"3\"}]"],
            "CORDUM_GITHUB_PROFILES", "either a token"
        ),
    ]

    @Test(arguments: badConfigurations)
    func badValuesNameTheVariable(environment: [String: String], variable: String, hint: String) {
        do {
            _ = try GitHubConfiguration(environment: environment)
            Issue.record("expected an error for \(environment)")
        } catch {
            #expect(error.variable == variable)
            #expect(error.message.contains(hint), "\(error.message)")
            #expect(!error.message.contains("t0kenSecret"))
        }
    }
}
