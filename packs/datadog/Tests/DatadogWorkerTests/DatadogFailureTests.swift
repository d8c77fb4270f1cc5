import DatadogEmulator
import DatadogWorker
import EmulatorKit
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// How the worker fails: Datadog's refusals mapped to the shared codes, its rate limits respected, the profile's
/// bounds, and configuration mistakes named by their variable; no key ever in an output or error.
@Suite("Datadog worker failure modes")
struct DatadogFailureTests {
    @Test("Wrong keys are forbidden, an unknown monitor not_found, a bad query validation_failed")
    func refusals() async throws {
        try await EmulatorHarness.with(["CORDUM_DATADOG_APPLICATION_KEY": "feedfacefeedfacefeedfacefeedfacefeedface"]) {
            harness in
            let forbidden = await harness.run("monitors.get", ["monitor_id": 1001])
            #expect(forbidden.error?.code == .forbidden)
            #expect(forbidden.error?.message.contains("feedface") == false)
        }
        try await EmulatorHarness.with { harness in
            let missing = await harness.run("monitors.get", ["monitor_id": 424_242])
            #expect(missing.error?.code == .notFound)
            #expect(
                missing.error?.message.contains("Monitor not found") == true,
                "\(String(describing: missing.error))"
            )
            let bad = await harness.run("metrics.query", ["query": "system.cpu.user"])
            #expect(bad.error?.code == .validationFailed)
            let gone = await harness.run("downtimes.cancel", ["downtime_id": 424_242])
            #expect(gone.error?.code == .notFound)
        }
    }

    @Test("A spent rate-limit budget waits the seconds X-RateLimit-Reset says, then succeeds")
    func rateLimitReset() async throws {
        let seed: @Sendable (inout DatadogWorld) -> Void = { world in
            world.budgets["default"] = RateLimitBudget(resource: "default", limit: 1, windowSeconds: 50)
        }
        try await EmulatorHarness.with(seed: seed) { harness in
            #expect(await harness.run("hosts.list", [:]).output != nil)
            // The budget is spent: Datadog answers 429 with the seconds left in the window, no Retry-After.
            let limited = await harness.run("hosts.list", [:])
            let entries = harness.emulator.requestLog.entries(path: "/api/v1/hosts")
            #expect(entries.count >= 2)
            #expect(entries[1].status == 429)
            #expect(entries[1].responseHeaders["x-ratelimit-remaining"] == "0")
            let waits = harness.sleeps.all
            #expect(waits.count >= 1)
            // A 50-second window, so that even a slow machine asks again well inside it.
            #expect(waits.allSatisfy { $0 > .seconds(25) && $0 <= .seconds(50) }, "\(waits)")
            // The emulator's clock is real, so the window has not ended: the retries stay refused.
            #expect(limited.error?.code == .rateLimited)
            #expect(limited.error?.retryable == true)
        }
    }

    @Test("Injected 401, 409 and 503 answer their shared codes")
    func injectedFaults() async throws {
        try await EmulatorHarness.with { harness in
            harness.emulator.faults.add(try FaultRule(path: "/api/v1/monitor/1001", status: 401))
            #expect(await harness.run("monitors.get", ["monitor_id": 1001]).error?.code == .unauthorized)
            harness.emulator.faults.add(try FaultRule(path: "/api/v1/downtime", status: 409))
            let conflict = await harness.run("downtimes.create", ["scope": ["env:prod"], "duration": "1h"])
            #expect(conflict.error?.code == .conflict)
            harness.emulator.faults.add(try FaultRule(path: "/api/v1/events", status: 503))
            let unavailable = await harness.run("events.list", [:])
            #expect(unavailable.error?.code == .unavailable)
        }
    }

    @Test("Bounds: a range longer than max_range and an answer over max_series are refused, naming the bound")
    func bounds() async throws {
        try await EmulatorHarness.with(["CORDUM_DATADOG_MAX_RANGE": "6h", "CORDUM_DATADOG_MAX_SERIES": "2"]) {
            harness in
            let long = await harness.run("metrics.query", ["query": "avg:system.cpu.user{*}", "range": "7h"])
            #expect(long.error?.code == .invalidInput)
            #expect(long.error?.message.contains("max_range 6h") == true)
            #expect(harness.emulator.requestLog.entries(path: "/api/v1/query").isEmpty)
            let many = await harness.run("metrics.query", ["query": "avg:system.cpu.user{*} by {host}"])
            #expect(many.error?.code == DatadogWorker.tooManySeries)
            let reversed = await harness.run(
                "events.list",
                ["from": "2026-12-07T10:00:00Z", "to": "2026-12-07T09:00:00Z"]
            )
            #expect(reversed.error?.code == .invalidInput)
        }
    }

    @Test("Sites: every Datadog site is a profile setting; an unknown site names the variable and the sites")
    func sites() throws {
        let keys = ["CORDUM_DATADOG_API_KEY": "k", "CORDUM_DATADOG_APP_KEY": "a"]
        for (site, url) in [
            ("datadoghq.com", "https://api.datadoghq.com"), ("eu", "https://api.datadoghq.eu"),
            ("us3.datadoghq.com", "https://api.us3.datadoghq.com"), ("us5", "https://api.us5.datadoghq.com"),
            ("ap1.datadoghq.com", "https://api.ap1.datadoghq.com"), ("ddog-gov.com", "https://api.ddog-gov.com"),
        ] {
            let configuration = try DatadogConfiguration(
                environment: keys.merging(["CORDUM_DATADOG_SITE": site]) { $1 }
            )
            #expect(configuration.settings.profiles["default"]?.baseURL == url, "\(site)")
        }
        let fallback = try DatadogConfiguration(environment: keys)
        #expect(fallback.settings.profiles["default"]?.baseURL == "https://api.datadoghq.com")
        // Upstream's APP_KEY reaches the application key.
        #expect(fallback.settings.profiles["default"]?.credentials["application_key"] == "a")
        let profiles =
            #"[{"name": "eu", "site": "datadoghq.eu", "api_key": "k", "application_key": "a"}, {"name": "bad", "site": "datadoghq.mars", "api_key": "k"}]"#
        #expect(throws: ConfigurationError.self) {
            try DatadogConfiguration(environment: ["CORDUM_DATADOG_PROFILES": profiles])
        }
        do {
            _ = try DatadogConfiguration(environment: ["CORDUM_DATADOG_PROFILES": profiles])
        } catch {
            #expect(error.variable == "CORDUM_DATADOG_PROFILES")
            #expect(error.message.contains("datadoghq.mars") && error.message.contains("us5.datadoghq.com"))
        }
    }
}
