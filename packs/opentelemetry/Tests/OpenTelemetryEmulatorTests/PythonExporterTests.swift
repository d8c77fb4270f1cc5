import EmulatorKit
import Foundation
import OpenTelemetryEmulator
import OpenTelemetryWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// OpenTelemetry's Python SDK with its OTLP/HTTP protobuf exporter (PyPI, pinned in
/// `packs/opentelemetry/Tests/contract/setup-venv.sh`) sends a trace to the emulator; the pack's worker then finds
/// it with traces.search and reads it with traces.get, with every attribute kind, the span kinds, the exception
/// event and the error status as the SDK set them.
@Suite("OpenTelemetry emulator: the Python SDK's OTLP exporter")
struct PythonExporterTests {
    static let contractFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("contract")

    static let sdk = PythonEnvironment(
        "opentelemetry-sdk 1.45.2",
        setupScript: contractFolder.appendingPathComponent("setup-venv.sh")
    )

    @Test("spans exported by the SDK are found and read through the pack")
    func exporter() async throws {
        _ = try await Self.sdk.python()
        let emulator = try await Emulator.start(try OpenTelemetryEmulator.definition(), port: 0)
        do {
            let result = try await Self.sdk.run(
                Self.contractFolder.appendingPathComponent("otlp_export.py"),
                [emulator.baseURL],
                timeout: .seconds(300)
            )
            #expect(result.exitCode == 0, "otlp_export.py failed:\n\(result.output)")
            let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("TRACE ") }
            let traceID = try #require(line.map { String($0.dropFirst(6)) }, "\(result.output)")
            let posts = emulator.requestLog.entries(path: "/v1/traces")
            #expect(posts.count == 2)
            #expect(posts.allSatisfy { $0.headers["content-type"] == "application/x-protobuf" })

            let secrets = SecretRegistry()
            let worker = try OpenTelemetryWorker.make(
                configuration: try OpenTelemetryConfiguration(environment: emulator.workerSettings, secrets: secrets)
            )
            let search = await runJob(
                worker,
                topic: "job.opentelemetry.traces.search",
                ["service": "py-shop"],
                secrets: secrets
            )
            let found = try #require(search.output?["result"], "\(String(describing: search.error))")
            #expect(found["count"] == 1)
            #expect(found["traces"]?.arrayValue?.first?["trace_id"] == .string(traceID))
            #expect(found["traces"]?.arrayValue?.first?["root_operation"] == "GET /pay")
            #expect(found["error_groups"]?.arrayValue?.first?["error"] == "ValueError: card declined")

            let get = await runJob(
                worker,
                topic: "job.opentelemetry.traces.get",
                ["trace_id": .string(traceID)],
                secrets: secrets
            )
            let trace = try #require(get.output, "\(String(describing: get.error))")
            #expect(trace["span_count"] == 2)
            let resource = trace["result"]?["resourceSpans"]?.arrayValue?.first
            let spans = resource?["scopeSpans"]?.arrayValue?.first?["spans"]?.arrayValue ?? []
            let root = try #require(spans.first { $0["name"] == "GET /pay" })
            let child = try #require(spans.first { $0["name"] == "charge card" })
            #expect(resource?["scopeSpans"]?.arrayValue?.first?["scope"]?["name"] == "cordum-contract")
            #expect(root["kind"] == 2 && child["kind"] == 3)
            #expect(child["parentSpanId"] == root["spanId"])
            #expect(child["status"]?["code"] == 2)
            #expect(child["status"]?["message"] == "card declined")
            #expect(child["events"]?.arrayValue?.first?["name"] == "exception")
            let attributes = Dictionary(
                uniqueKeysWithValues: (root["attributes"]?.arrayValue ?? []).compactMap { pair in
                    pair["key"]?.stringValue.map { ($0, pair["value"] ?? .null) }
                }
            )
            #expect(attributes["retries"] == ["intValue": "2"])
            #expect(attributes["ratio"]?["doubleValue"]?.doubleValue == 0.25)
            #expect(attributes["cached"] == ["boolValue": true])
            #expect(attributes["tags"]?["arrayValue"]?["values"] == [["stringValue": "a"], ["stringValue": "b"]])
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }
}
