import Logging
import SlackWorker
import Testing
import WorkerKit

/// Where the worker reaches the host for approvals: off unless configured, errors naming the variable, the key and
/// the integration secret registered as secrets.
@Suite("Slack approvals host settings")
struct SlackHostSettingsTests {
    @Test("without CORDUM_SLACK_HOST_URL approvals in Slack are off")
    func offUnlessConfigured() throws {
        #expect(try SlackHostSettings.fromEnvironment([:]) == nil)
        let configuration = try SlackConfiguration(environment: [:])
        let approvals = try SlackApprovals(
            configuration: configuration,
            environment: [:],
            secrets: SecretRegistry(),
            logger: Logger(label: "test")
        )
        #expect(approvals == nil)
        #expect(throws: ConfigurationError.self) {
            try SlackApprovals(
                configuration: configuration,
                environment: ["CORDUM_SLACK_INTERACTIVITY_ADDR": "127.0.0.1:3000"],
                secrets: SecretRegistry(),
                logger: Logger(label: "test")
            )
        }
    }

    @Test("the key and secret come through _ENV variables and are registered as secrets")
    func readsSecrets() throws {
        let secrets = SecretRegistry()
        let settings = try #require(
            try SlackHostSettings.fromEnvironment(
                [
                    "CORDUM_SLACK_HOST_URL": "http://127.0.0.1:8081", "CORDUM_SLACK_HOST_API_KEY_ENV": "KEY",
                    "KEY": "ck_stream_key_0123456789", "CORDUM_SLACK_HOST_INTEGRATION_SECRET_ENV": "SECRET",
                    "SECRET": "integration-secret-0123456789",
                ],
                secrets: secrets
            )
        )
        #expect(settings.tenant == "default" && settings.integration == "slack")
        #expect(settings.apiKey == "ck_stream_key_0123456789")
        #expect(secrets.containsSecret("ck_stream_key_0123456789"))
        #expect(secrets.containsSecret("integration-secret-0123456789"))
    }

    @Test("a bad URL, a missing or short secret, or an unset _ENV variable name the variable")
    func errors() {
        func variable(_ environment: [String: String]) -> String? {
            do {
                _ = try SlackHostSettings.fromEnvironment(environment)
                return nil
            } catch {
                return error.variable
            }
        }
        let secret = ["CORDUM_SLACK_HOST_INTEGRATION_SECRET": "integration-secret-0123456789"]
        #expect(variable(secret.merging(["CORDUM_SLACK_HOST_URL": "ftp://x"]) { $1 }) == "CORDUM_SLACK_HOST_URL")
        #expect(
            variable(["CORDUM_SLACK_HOST_URL": "http://h:1", "CORDUM_SLACK_HOST_INTEGRATION_SECRET": "short"])
                == "CORDUM_SLACK_HOST_INTEGRATION_SECRET_ENV"
        )
        #expect(
            variable(
                secret.merging(["CORDUM_SLACK_HOST_URL": "http://h:1", "CORDUM_SLACK_HOST_API_KEY_ENV": "UNSET"]) {
                    $1
                }
            ) == "CORDUM_SLACK_HOST_API_KEY_ENV"
        )
    }
}
