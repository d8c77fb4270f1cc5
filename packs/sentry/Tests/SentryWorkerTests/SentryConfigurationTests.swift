import StructuredData
import Testing
import WorkerKit

@testable import SentryWorker

@Suite("Sentry configuration and the release report")
struct SentryConfigurationTests {
    @Test("base URLs: sentry.io by default, a region's address, or a self-hosted base_url that wins")
    func baseURLs() throws {
        let plain = try SentryConfiguration(environment: ["CORDUM_SENTRY_TOKEN": "sntryu_a"])
        #expect(plain.settings.profiles["default"]?.baseURL == "https://sentry.io")
        let profiles = """
            [{"name": "eu", "region": "de", "token_env": "T", "organization": "acme"},
             {"name": "us", "region": "US", "token_env": "T"},
             {"name": "onprem", "base_url": "https://sentry.acme.internal/", "region": "de", "token_env": "T"},
             {"name": "upstream", "base_url": "https://sentry.io/api/0/", "token_env": "T"}]
            """
        let configured = try SentryConfiguration(environment: ["CORDUM_SENTRY_PROFILES": profiles, "T": "sntrys_x"])
        #expect(configured.settings.profiles["eu"]?.baseURL == "https://de.sentry.io")
        #expect(configured.settings.profiles["eu"]?.string("organization") == "acme")
        #expect(configured.settings.profiles["us"]?.baseURL == "https://us.sentry.io")
        #expect(configured.settings.profiles["onprem"]?.baseURL == "https://sentry.acme.internal")
        #expect(configured.settings.profiles["upstream"]?.baseURL == "https://sentry.io")
        #expect(configured.settings.secrets.containsSecret("sntrys_x"))
    }

    @Test("an unknown region or a base_url that is not http(s) is refused, naming the variable")
    func badSettings() {
        do {
            _ = try SentryConfiguration(environment: ["CORDUM_SENTRY_TOKEN": "x", "CORDUM_SENTRY_REGION": "eu"])
            Issue.record("an unknown region was accepted")
        } catch {
            #expect(error.variable == "CORDUM_SENTRY_REGION")
            #expect(error.message.contains("valid regions: de, us"))
        }
        do {
            _ = try SentryConfiguration(environment: [
                "CORDUM_SENTRY_PROFILES": #"[{"name": "a", "base_url": "sentry.acme.internal", "token": "x"}]"#
            ])
            Issue.record("a base_url without a scheme was accepted")
        } catch {
            #expect(error.variable == "CORDUM_SENTRY_PROFILES")
        }
    }

    @Test("the report's verdict: healthy, degraded by the rate or by new issues, unknown without sessions")
    func verdicts() {
        func release(_ rate: Double?) -> JSONValue {
            ["projects": [["slug": "backend", "healthData": ["crashFreeSessions": rate.map { .number($0) } ?? .null]]]]
        }
        let issue: JSONValue = ["shortId": "B-1", "title": "a | b", "permalink": "https://sentry.io/i/1/"]
        let healthy = ReleaseReport(
            version: "b@1",
            release: release(99.5),
            newIssues: [issue],
            deploys: [],
            minCrashFree: 99,
            maxNewIssues: 5
        )
        #expect(healthy.verdict == "healthy")
        #expect(healthy.markdown.contains("| [B-1](https://sentry.io/i/1/) | a \\| b |"))
        let slow = ReleaseReport(
            version: "b@1",
            release: release(98.9),
            newIssues: [],
            deploys: [],
            minCrashFree: 99,
            maxNewIssues: 5
        )
        #expect(slow.verdict == "degraded")
        let noisy = ReleaseReport(
            version: "b@1",
            release: release(99.9),
            newIssues: [issue, issue],
            deploys: [],
            minCrashFree: 99,
            maxNewIssues: 1
        )
        #expect(noisy.verdict == "degraded")
        #expect(noisy.summary.contains("2 new issues, more than 1"))
        let unknown = ReleaseReport(
            version: "b@1",
            release: release(nil),
            newIssues: [],
            deploys: [],
            minCrashFree: 99,
            maxNewIssues: 5
        )
        #expect(unknown.verdict == "unknown")
        #expect(unknown.crashFreeSessions == nil)
    }
}
