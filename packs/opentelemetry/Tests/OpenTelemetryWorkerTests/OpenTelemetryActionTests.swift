import EmulatorKit
import Foundation
import OpenTelemetryEmulator
import OpenTelemetryWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// Every action against the emulator's demo shop: what each answers, and how each fails.
@Suite("OpenTelemetry actions against the emulator")
struct OpenTelemetryActionTests {
    let failed = OpenTelemetryDemo.failedTrace

    @Test("services.list and operations.list answer Jaeger's lists")
    func lists() async throws {
        try await EmulatorHarness.with { harness in
            let services = await harness.run("services.list", [:])
            #expect(services.output?["result"]?["services"] == ["checkout", "frontend", "payment"])
            let operations = await harness.run("operations.list", ["service": "frontend"])
            let names = operations.output?["result"]?["operations"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(names == ["GET /cart", "GET /checkout"], "\(String(describing: operations.output))")
            let clients = await harness.run("operations.list", ["service": "checkout", "span_kind": "client"])
            #expect(clients.output?["result"]?["operations"]?.arrayValue?.count == 2)
            let sent = harness.emulator.requestLog.entries(path: "/api/v3/operations").last
            #expect(sent?.query.contains(QueryItem(name: "spanKind", value: "client")) == true)
        }
    }

    @Test("dependencies.graph counts the calls between services over the range")
    func dependencies() async throws {
        try await EmulatorHarness.with { harness in
            let graph = await harness.run("dependencies.graph", ["range": "2h"])
            let edges = try #require(
                graph.output?["result"]?["dependencies"]?.arrayValue,
                "\(String(describing: graph.error))"
            )
            #expect(
                edges == [
                    ["parent": "checkout", "child": "payment", "callCount": "9"],
                    ["parent": "frontend", "child": "checkout", "callCount": "10"],
                ]
            )
            let query = harness.emulator.requestLog.entries(path: "/api/v3/dependencies").last?.query ?? []
            #expect(query.map(\.name) == ["startTime", "endTime"])
            let old = await harness.run(
                "dependencies.graph",
                ["start": "2020-01-01T00:00:00Z", "end": "2020-01-01T01:00:00Z"]
            )
            #expect(old.output?["result"]?["dependencies"] == [])
        }
    }

    @Test("traces.search summarises each trace and groups the errors; no match is an empty answer")
    func search() async throws {
        try await EmulatorHarness.with { harness in
            let all = await harness.run("traces.search", ["service": "frontend", "operation": "GET /checkout"])
            let result = try #require(all.output?["result"], "\(String(describing: all.error))")
            #expect(result["count"] == 9)
            #expect(result["traces"]?[0]?["root_operation"] == "GET /checkout")
            #expect(result["traces"]?[0]?["span_count"] == 5)
            let groups = result["error_groups"]?.arrayValue ?? []
            #expect(groups.contains { $0["service"] == "payment" && $0["trace_ids"] == [.string(failed)] })
            let query = harness.emulator.requestLog.entries(path: "/api/v3/traces").last?.query ?? []
            #expect(query.contains(QueryItem(name: "query.serviceName", value: "frontend")))
            #expect(query.contains(QueryItem(name: "query.searchDepth", value: "20")))
            #expect(query.contains { $0.name == "query.startTimeMin" })

            let slow = await harness.run(
                "traces.search",
                ["service": "payment", "duration_min": "1s", "attributes": ["payment.provider": "legacy-bank"]]
            )
            #expect(slow.output?["result"]?["count"] == 3, "\(String(describing: slow.error))")
            let errors = await harness.run("traces.search", ["service": "frontend", "errors_only": true])
            #expect(errors.output?["result"]?["count"] == 2)

            let none = await harness.run("traces.search", ["service": "nobody"])
            #expect(none.error == nil, "\(String(describing: none.error))")
            #expect(none.output?["result"]?["count"] == 0)
            #expect(none.output?["status_code"] == 404)
        }
    }

    @Test("traces.get answers the OTLP JSON; an unknown trace is not_found; a large trace goes to an artifact")
    func get() async throws {
        try await EmulatorHarness.with { harness in
            let trace = await harness.run("traces.get", ["trace_id": .string(failed.uppercased())])
            let output = try #require(trace.output, "\(String(describing: trace.error))")
            #expect(output["span_count"] == 5)
            #expect(output["error_count"] == 3)
            let span = output["result"]?["resourceSpans"]?[0]?["scopeSpans"]?[0]?["spans"]?[0]
            #expect(span?["traceId"] == .string(failed))
            #expect(span?["startTimeUnixNano"]?.stringValue != nil)

            let missing = await harness.run("traces.get", ["trace_id": "0123456789abcdef0123456789abcdef"])
            #expect(missing.error?.code == .notFound)
            let bad = await harness.run("traces.get", ["trace_id": "not-hex"])
            #expect(bad.error?.code == .invalidInput)
        }
        try await EmulatorHarness.with(["CORDUM_OPENTELEMETRY_MAX_SPANS": "3"]) { harness in
            let trace = await harness.run("traces.get", ["trace_id": .string(failed)])
            let output = try #require(trace.output, "\(String(describing: trace.error))")
            #expect(output["truncated"] == true)
            #expect(output["result"]?["resourceSpans"] == [])
            let pointer = try #require(output["artifacts"]?[0]?["pointer"]?.stringValue)
            let stored = try #require(harness.artifacts.content(pointer))
            #expect(String(decoding: stored, as: UTF8.self).contains(failed))
        }
    }

    @Test("traces.analyze finds the payment on the critical path and the errors, and stores the waterfall")
    func analyze() async throws {
        try await EmulatorHarness.with { harness in
            let analysis = await harness.run("traces.analyze", ["trace_id": .string(failed), "top": 2])
            let result = try #require(analysis.output?["result"], "\(String(describing: analysis.error))")
            let path = result["critical_path"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(path == ["GET /checkout", "checkout.place_order", "SELECT cart", "payment.charge"])
            #expect(result["slowest"]?[0]?["name"] == "payment.charge")
            #expect(result["slowest"]?.arrayValue?.count == 2)
            #expect(
                result["errors"]?.arrayValue?.map { $0["name"] } == [
                    "GET /checkout", "checkout.place_order", "payment.charge",
                ]
            )
            #expect(result["errors"]?[2]?["exception_type"] == "TimeoutError")
            let pointer = try #require(result["waterfall"]?["pointer"]?.stringValue)
            let svg = String(decoding: harness.artifacts.content(pointer) ?? [], as: UTF8.self)
            #expect(svg.contains("class=\"bar critical error\""))
            #expect(svg.contains("payment payment.charge"))
        }
    }

    @Test("traces.compare names the attribute that separates slow from fast checkouts")
    func compare() async throws {
        try await EmulatorHarness.with { harness in
            let comparison = await harness.run(
                "traces.compare",
                ["service": "frontend", "operation": "GET /checkout", "range": "2h"]
            )
            let result = try #require(comparison.output?["result"], "\(String(describing: comparison.error))")
            #expect(result["slow"]?["count"] == 3)
            #expect(result["fast"]?["count"] == 6)
            #expect(result["attributes"]?[0]?["key"] == "payment.provider")
            #expect(result["attributes"]?[0]?["value"] == "legacy-bank")
            #expect(result["attributes"]?[0]?["score"]?.doubleValue == 1)
            let given = await harness.run(
                "traces.compare",
                ["service": "frontend", "operation": "GET /checkout", "slow_threshold": "10s"]
            )
            #expect(given.output?["result"]?["slow"]?["count"] == 0)
            #expect(given.output?["result"]?["attributes"] == [])
        }
    }

    @Test("bad parameters and bounds are refused before sending, naming the value and the bound")
    func bounds() async throws {
        let settings = ["CORDUM_OPENTELEMETRY_MAX_TRACES": "5", "CORDUM_OPENTELEMETRY_MAX_RANGE": "6h"]
        try await EmulatorHarness.with(settings) { harness in
            let many = await harness.run("traces.search", ["service": "frontend", "limit": 50])
            #expect(many.error?.code == .invalidInput)
            #expect(many.error?.message.contains("max_traces 5") == true)
            let long = await harness.run("traces.search", ["service": "frontend", "range": "7h"])
            #expect(long.error?.code == .invalidInput)
            #expect(long.error?.message.contains("max_range") == true)
            let backwards = await harness.run(
                "traces.search",
                ["service": "frontend", "start": "2026-12-07T10:00:00Z", "end": "2026-12-07T09:00:00Z"]
            )
            #expect(backwards.error?.code == .invalidInput)
            let swapped = await harness.run(
                "traces.search",
                ["service": "frontend", "duration_min": "2s", "duration_max": "1s"]
            )
            #expect(swapped.error?.code == .invalidInput)
            let badDuration = await harness.run("traces.search", ["service": "frontend", "duration_min": "fast"])
            #expect(badDuration.error?.code == .invalidInput)
            #expect(harness.emulator.requestLog.entries(path: "/api/v3/traces").isEmpty)
        }
        #expect(throws: ConfigurationError.self) {
            try OpenTelemetryConfiguration(environment: ["CORDUM_OPENTELEMETRY_MAX_TRACES": "many"])
        }
    }

    @Test("server errors, refusals and a missing token answer the shared codes")
    func faults() async throws {
        try await EmulatorHarness.with { harness in
            harness.emulator.faults.add(try FaultRule(path: "/api/v3/services", status: 500))
            let broken = await harness.run("services.list", [:])
            #expect(broken.error?.code == .unavailable || broken.error?.code == .vendorError)
            harness.emulator.faults.add(try FaultRule(path: "/api/v3/traces", status: 404))
            let injected = await harness.run("traces.search", ["service": "frontend"])
            #expect(injected.error?.code == .notFound, "an injected 404 is not Jaeger's 'No traces found'")
        }
        try await EmulatorHarness.with(["CORDUM_OPENTELEMETRY_TOKEN": "wrong"]) { harness in
            #expect(await harness.run("services.list", [:]).error?.code == .unauthorized)
        }
    }

    @Test("a streamed answer (several result chunks) is merged into one")
    func streamedAnswer() async throws {
        try await EmulatorHarness.with { harness in
            harness.emulator.state.withLock { $0.streamChunks = true }
            let all = await harness.run("traces.search", ["service": "frontend", "operation": "GET /checkout"])
            #expect(all.output?["result"]?["count"] == 9, "\(String(describing: all.error))")
        }
    }
}
