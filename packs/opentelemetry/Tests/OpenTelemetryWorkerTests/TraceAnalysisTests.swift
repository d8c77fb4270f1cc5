import OpenTelemetryWorker
import StructuredData
import Testing

/// The analyses on hand-built traces whose answers are known.
@Suite("Trace analysis")
struct TraceAnalysisTests {
    /// A span of trace `t` starting and ending at the given milliseconds.
    func span(
        _ id: String,
        parent: String = "",
        _ start: UInt64,
        _ end: UInt64,
        name: String? = nil,
        failed: Bool = false,
        attributes: [String: String] = [:],
        trace: String = "t"
    ) -> TraceSpan {
        TraceSpan(
            traceID: trace,
            spanID: id,
            parentID: parent,
            name: name ?? id,
            service: "svc",
            start: start * 1_000_000,
            end: end * 1_000_000,
            failed: failed,
            errorMessage: failed ? "boom" : "",
            exceptionType: "",
            attributes: attributes
        )
    }

    @Test("overlapping children: the one that ends last is on the path, the earlier overlap counts once")
    func overlappingChildren() {
        // root 0–100; a 10–60 and b 20–90 overlap; c 5–15 runs before both.
        let analysis = TraceAnalysis([
            span("root", 0, 100), span("a", parent: "root", 10, 60), span("b", parent: "root", 20, 90),
            span("c", parent: "root", 5, 15),
        ])
        let path = analysis.criticalPath.map { ($0.span.spanID, $0.onPath / 1_000_000) }
        // From 100 back: root's own 90–100, b 20–90, then before 20 the child ending last is a (clipped to 20):
        // a 10–20, then c (clipped to 10) 5–10, then root's own 0–5.
        #expect(path.map(\.0) == ["root", "c", "a", "b"])
        #expect(Dictionary(uniqueKeysWithValues: path)["b"] == 70)
        #expect(Dictionary(uniqueKeysWithValues: path)["a"] == 10)
        #expect(Dictionary(uniqueKeysWithValues: path)["c"] == 5)
        #expect(Dictionary(uniqueKeysWithValues: path)["root"] == 15)
        // Self time: root 100 minus the union of its children (5–90) = 15.
        #expect(analysis.selfTime["root"] == 15_000_000)
        #expect(analysis.slowest(1).first?.spanID == "b")
    }

    @Test("a child that outlives its parent is clipped to it; a nested chain is followed to the leaf")
    func nestedAndClipped() {
        let analysis = TraceAnalysis([
            span("root", 0, 50), span("mid", parent: "root", 10, 45), span("leaf", parent: "mid", 20, 70),
        ])
        let onPath = Dictionary(uniqueKeysWithValues: analysis.criticalPath.map { ($0.span.spanID, $0.onPath) })
        #expect(onPath["leaf"] == 25_000_000)  // 20–45, clipped at mid's end
        #expect(onPath["mid"] == 10_000_000)  // 10–20
        #expect(onPath["root"] == 15_000_000)  // 0–10 and 45–50
        #expect(analysis.criticalPath.map(\.span.spanID) == ["root", "mid", "leaf"])
    }

    @Test("spans in error are listed in tree order; missing parents make orphans and the latest-ending root leads")
    func errorsAndMissingParents() {
        let analysis = TraceAnalysis([
            span("root", 0, 40), span("x", parent: "root", 5, 30, failed: true),
            span("lost", parent: "gone", 10, 80, failed: true), span("y", parent: "lost", 20, 75),
        ])
        #expect(analysis.errors.map(\.spanID) == ["x", "lost"])
        #expect(analysis.orphans.map(\.spanID) == ["lost"])
        #expect(analysis.root?.spanID == "lost")
        #expect(analysis.criticalPath.map(\.span.spanID) == ["lost", "y"])
        let json = analysis.json(traceID: "t", top: 3)
        #expect(json["orphans"] == 1)
        #expect(json["errors"]?.arrayValue?.count == 2)
        #expect(json["summary"]?.stringValue?.contains("first error in svc x: boom") == true)
    }

    @Test("an empty trace and a self-parented span do not loop")
    func degenerate() {
        #expect(TraceAnalysis([]).criticalPath.isEmpty)
        let loop = TraceAnalysis([span("a", parent: "a", 0, 10)])
        #expect(loop.criticalPath.map(\.span.spanID) == ["a"])
    }

    @Test("comparison: the widest gap splits slow from fast, and the value only slow traces have leads")
    func comparison() {
        var traces: [[TraceSpan]] = []
        for index in 0..<6 {
            let slow = index % 3 == 0
            traces.append([
                span(
                    "r\(index)",
                    0,
                    slow ? 900 : 100 + UInt64(index),
                    name: "op",
                    attributes: [
                        "region": slow ? "eu" : "us", "request.id": "id-\(index)", "cache": index == 1 ? "hit" : "miss",
                    ],
                    trace: "t\(index)"
                )
            ])
        }
        let comparison = TraceComparison(traces: traces, operation: "op", service: nil, threshold: nil)
        #expect(Set(comparison.slow) == ["t0", "t3"])
        #expect(comparison.fast.count == 4)
        #expect(comparison.threshold == 900_000_000)
        #expect(comparison.splits.first.map { "\($0.key)=\($0.value)" } == "region=eu")
        #expect(comparison.splits.first?.score == 1)
        #expect(!comparison.splits.contains { $0.key == "request.id" })
        let none = TraceComparison(traces: traces, operation: "other", service: nil, threshold: nil)
        #expect(none.durations.isEmpty)
        #expect(none.json(service: nil, operation: "other")["summary"]?.stringValue?.contains("no attribute") == true)
    }

    @Test("OTLP JSON is read: hex ids, string and number times, status and exception events")
    func model() throws {
        let data: JSONValue = [
            "resourceSpans": [
                [
                    "resource": ["attributes": [["key": "service.name", "value": ["stringValue": "api"]]]],
                    "scopeSpans": [
                        [
                            "spans": [
                                [
                                    "traceId": "AB", "spanId": "01", "name": "GET", "startTimeUnixNano": "1000000",
                                    "endTimeUnixNano": 3_000_000, "status": ["code": 2, "message": "bad"],
                                    "attributes": [["key": "http.status", "value": ["intValue": "500"]]],
                                ],
                                [
                                    "traceId": "ab", "spanId": "02", "parentSpanId": "01", "name": "db",
                                    "startTimeUnixNano": "1500000", "endTimeUnixNano": "2000000",
                                    "events": [
                                        [
                                            "name": "exception",
                                            "attributes": [
                                                ["key": "exception.type", "value": ["stringValue": "IOError"]],
                                                ["key": "exception.message", "value": ["stringValue": "reset"]],
                                            ],
                                        ]
                                    ],
                                ],
                            ]
                        ]
                    ],
                ]
            ]
        ]
        let spans = TraceModel.spans(data)
        #expect(spans.count == 2)
        #expect(spans[0].traceID == "ab")
        #expect(spans[0].duration == 2_000_000)
        #expect(spans[0].attributes["http.status"] == "500")
        #expect(spans[0].service == "api")
        #expect(spans[1].failed && spans[1].exceptionType == "IOError" && spans[1].errorMessage == "reset")
        #expect(TraceModel.traces(data).count == 1)
    }
}
