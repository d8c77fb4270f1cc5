import Foundation
import OTel
import PackTesting
import Telemetry
import Testing
import Tracing

@Suite struct TraceExportSettingsTests {
    @Test func aBaseEndpointGetsTheTracesPathAndAFullOneIsKept() throws {
        #expect(
            try TraceExportSettings(endpoint: "http://collector:4318", serviceName: "s").tracesURL.absoluteString
                == "http://collector:4318/v1/traces"
        )
        #expect(
            try TraceExportSettings(endpoint: "https://otel.example.com/", serviceName: "s").tracesURL.absoluteString
                == "https://otel.example.com/v1/traces"
        )
        #expect(
            try TraceExportSettings(endpoint: "http://c:4318/v1/traces", serviceName: "s").tracesURL.absoluteString
                == "http://c:4318/v1/traces"
        )
    }

    @Test func anEndpointThatIsNotAnHTTPURLIsRefusedByName() {
        for bad in ["localhost:4318", "ftp://collector", "", "http://"] {
            #expect(throws: TraceExportError.invalidEndpoint(bad)) {
                try TraceExportSettings(endpoint: bad, serviceName: "s")
            }
        }
        let message = TraceExportError.invalidEndpoint("ftp://collector").description
        #expect(message.contains("ftp://collector") && message.contains("http://127.0.0.1:4318"))
    }

    @Test func theStandardEnvironmentTurnsExportOnOrLeavesItOff() throws {
        #expect(try TraceExportSettings.fromEnvironment([:], defaultServiceName: "cordum-x") == nil)
        let base = try #require(
            try TraceExportSettings.fromEnvironment(
                ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"],
                defaultServiceName: "cordum-x"
            )
        )
        #expect(base.tracesURL.absoluteString == "http://c:4318/v1/traces" && base.serviceName == "cordum-x")
        let named = try #require(
            try TraceExportSettings.fromEnvironment(
                ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:9999/custom", "OTEL_SERVICE_NAME": "mine"],
                defaultServiceName: "cordum-x"
            )
        )
        #expect(named.tracesURL.absoluteString == "http://c:9999/custom", "the signal's own URL is used as it is")
        #expect(named.serviceName == "mine")
        #expect(
            try TraceExportSettings.fromEnvironment(
                ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "true"],
                defaultServiceName: "cordum-x"
            ) == nil
        )
        #expect(throws: TraceExportError.self) {
            try TraceExportSettings.fromEnvironment(["OTEL_EXPORTER_OTLP_ENDPOINT": "c:4318"], defaultServiceName: "x")
        }
    }

    @Test func traceContextGoesOutAndComesBackUnderEitherCarriersNames() async throws {
        // Nothing listens there: the spans are never sent, the tracer's propagation is what is tested.
        let log = LogRecorder()
        let export = try TraceExport(
            try TraceExportSettings(endpoint: "http://127.0.0.1:9", serviceName: "t"),
            logger: log.logger()
        )
        let span = export.tracer.startSpan("parent", context: .topLevel, ofKind: .internal, at: DefaultTracerClock.now)
        let environment = TraceContextCarrier.inject(span.context, with: export.tracer, as: .environment)
        let traceparent = try #require(environment["TRACEPARENT"])
        let traceID = try #require(span.context.otelTraceID)
        #expect(traceparent.hasPrefix("00-\(traceID)-"))
        let headers = TraceContextCarrier.inject(span.context, with: export.tracer, as: .headers)
        #expect(headers["traceparent"] == traceparent)

        let back = TraceContextCarrier.extract(environment, with: export.tracer, as: .environment)
        #expect(back.otelTraceID == traceID)
        let child = export.tracer.startSpan("child", context: back, ofKind: .consumer, at: DefaultTracerClock.now)
        #expect(child.context.otelTraceID == traceID)

        let forged = TraceContextCarrier.extract(
            ["TRACEPARENT": "not-a-traceparent"],
            with: export.tracer,
            as: .environment
        )
        #expect(forged.otelTraceID == nil, "a malformed context is ignored, not half-read")
        // The tracer logs the carrier it could not read: only the trace fields may be in it.
        #expect(log.all.joined().contains("not-a-traceparent"))
        #expect(!log.all.joined().contains("s3cr3t"))
        // The spans are not ended: nothing is queued for the unreachable collector, so the shutdown is quick.
        await export.shutdown()
    }

    @Test func epochInstantsCountNanosecondsFromMilliseconds() {
        #expect(EpochInstant(milliseconds: 1_500).nanosecondsSinceEpoch == 1_500_000_000)
        #expect(EpochInstant(milliseconds: -5).nanosecondsSinceEpoch == 0)
        #expect(EpochInstant(milliseconds: 1) < EpochInstant(milliseconds: 2))
    }
}
