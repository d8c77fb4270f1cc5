"""Sends a small trace to the opentelemetry pack's emulator with OpenTelemetry's own Python SDK and OTLP/HTTP
protobuf exporter: a server span with attributes of every kind and a client child that records an exception and
fails. Prints "TRACE <hex id>" and "OK" when every export was accepted.

Usage: otlp_export.py BASE_URL
"""
import sys
import time

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExportResult
from opentelemetry.trace import Status, StatusCode


class CheckedExporter(OTLPSpanExporter):
    """The SDK's exporter, remembering whether the emulator accepted every export."""

    failures = 0

    def export(self, spans):
        result = super().export(spans)
        if result != SpanExportResult.SUCCESS:
            CheckedExporter.failures += 1
        return result


def main(base_url):
    provider = TracerProvider(resource=Resource.create({"service.name": "py-shop", "deployment.environment": "test"}))
    provider.add_span_processor(SimpleSpanProcessor(CheckedExporter(endpoint=base_url + "/v1/traces", timeout=30)))
    tracer = provider.get_tracer("cordum-contract", "1.0.0")
    with tracer.start_as_current_span("GET /pay", kind=trace.SpanKind.SERVER) as root:
        root.set_attribute("http.route", "/pay")
        root.set_attribute("retries", 2)
        root.set_attribute("ratio", 0.25)
        root.set_attribute("cached", True)
        root.set_attribute("tags", ["a", "b"])
        with tracer.start_as_current_span("charge card", kind=trace.SpanKind.CLIENT) as child:
            child.set_attribute("payment.provider", "legacy-bank")
            time.sleep(0.02)
            try:
                raise ValueError("card declined")
            except ValueError as error:
                child.record_exception(error)
                child.set_status(Status(StatusCode.ERROR, "card declined"))
    trace_id = format(root.get_span_context().trace_id, "032x")
    provider.shutdown()
    print("TRACE", trace_id)
    if CheckedExporter.failures:
        print("FAILED exports:", CheckedExporter.failures)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
