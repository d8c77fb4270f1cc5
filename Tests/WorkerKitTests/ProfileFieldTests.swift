import StructuredData
import Testing
import WorkerKit

@Suite("Pack-declared profile fields")
struct ProfileFieldTests {
    let fields = [ProfileField("app_id"), ProfileField("api_version"), ProfileField("app_private_key", isSecret: true)]

    @Test func plainFieldsReadThroughEnvAreNotSecrets() throws {
        let secrets = SecretRegistry()
        let settings = try VendorSettings(
            packID: "github",
            environment: [
                "CORDUM_GITHUB_PROFILES":
                    #"[{"name":"a","app_id_env":"APP_ID","app_id":"1","app_private_key_env":"KEY"}]"#,
                "APP_ID": "4242", "KEY": "-----BEGIN KEY-----xyz",
            ],
            profileFields: fields,
            secrets: secrets
        )
        let profile = try #require(settings.profiles["a"])
        // The _env value wins over the inline one, lands in settings and is not masked anywhere.
        #expect(profile.string("app_id") == "4242")
        #expect(profile.credentials["app_id"] == nil)
        #expect(!secrets.containsSecret("4242"))
        #expect(profile.credentials["app_private_key"] == "-----BEGIN KEY-----xyz")
        #expect(secrets.containsSecret("-----BEGIN KEY-----xyz"))
    }

    @Test func singleProfileVariablesFillTheDefaultProfile() throws {
        let secrets = SecretRegistry()
        let settings = try VendorSettings(
            packID: "github",
            environment: [
                "CORDUM_GITHUB_APP_ID_ENV": "ID", "ID": "77", "CORDUM_GITHUB_API_VERSION": "2022-11-28",
                "CORDUM_GITHUB_APP_PRIVATE_KEY": "pem-secret-value",
            ],
            profileFields: fields,
            secrets: secrets
        )
        let profile = try #require(settings.profiles["default"])
        #expect(profile.string("app_id") == "77")
        #expect(profile.string("api_version") == "2022-11-28")
        #expect(profile.credentials["app_private_key"] == "pem-secret-value")
        #expect(secrets.containsSecret("pem-secret-value"))
        #expect(!secrets.containsSecret("77"))
        #expect(settings.defaultProfile == "default")
    }

    @Test func withoutDeclaredFieldsNothingChanges() throws {
        let settings = try VendorSettings(packID: "github", environment: ["CORDUM_GITHUB_APP_ID": "77"])
        #expect(settings.profiles.isEmpty)
    }
}
