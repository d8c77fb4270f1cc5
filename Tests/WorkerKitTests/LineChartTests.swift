import Foundation
import StructuredData
import Testing
import WorkerKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The SVG line charts of WorkerKit: the document's structure, escaping, gaps, empty and many series, determinism
/// and storage as an artifact.
@Suite("Line charts")
struct LineChartTests {
    static let start = 1_765_000_800.0  // 2025-12-06T06:00:00Z

    static func ramp(_ label: String, count: Int = 10, step: Double = 60, scale: Double = 1) -> ChartSeries {
        ChartSeries(
            label: label,
            points: (0..<count).map { ChartPoint(time: start + Double($0) * step, value: Double($0) * scale) }
        )
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test("A chart is one SVG with a title, both axes, one line and one legend entry per series")
    func structure() throws {
        let chart = LineChart(
            title: "p99 latency",
            unit: "s",
            series: [Self.ramp("api", scale: 0.05), Self.ramp("web", scale: 0.1)]
        )
        let svg = chart.svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("<title>p99 latency</title>"))
        #expect(svg.contains("class=\"value-axis\"") && svg.contains("class=\"time-axis\""))
        #expect(Self.count("class=\"series-line\"", in: svg) == 2)
        #expect(Self.count("class=\"legend-entry\"", in: svg) == 2)
        #expect(svg.contains(">api</text>") && svg.contains(">web</text>"))
        // The value axis carries the unit (ticks 0.2s, 0.4s, …), the time axis UTC clock times.
        #expect(svg.contains(">0.2s</text>") && svg.contains(">0.8s</text>"))
        #expect(svg.contains(">06:00</text>") || svg.contains(">06:02</text>"))
        #expect(svg.contains("2025-12-06T06:00:00Z – 2025-12-06T06:09:00Z (UTC)"))
        // Each line starts with a move and draws to every further point.
        let path = try #require(svg.components(separatedBy: "d=\"").dropFirst().first?.prefix { $0 != "\"" })
        #expect(path.hasPrefix("M") && Self.count("L", in: String(path)) == 9)
        // The document parses as XML.
        _ = try XMLDocument(xmlString: svg)
    }

    @Test("The same chart always renders the same text")
    func deterministic() {
        let make = { LineChart(title: "cpu", unit: "cores", series: [Self.ramp("a"), Self.ramp("b", scale: 2)]) }
        #expect(make().svg() == make().svg())
        #expect(make().svg() != LineChart(title: "cpu", unit: "cores", series: [Self.ramp("a")]).svg())
    }

    @Test("Titles, labels and units are escaped")
    func escaping() throws {
        let chart = LineChart(
            title: "rate(x{job=\"a&b\"}) < 1 <script>",
            unit: "req/s'",
            series: [ChartSeries(label: "{code=\"5..\", path=\"/a?b=<c>&d\"}\u{1}", points: Self.ramp("x").points)]
        )
        let svg = chart.svg()
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("rate(x{job=&quot;a&amp;b&quot;}) &lt; 1 &lt;script&gt;"))
        #expect(svg.contains("{code=&quot;5..&quot;, path=&quot;/a?b=&lt;c&gt;&amp;d&quot;}</text>"))
        #expect(svg.contains("req/s&#39;"))
        #expect(!svg.contains("\u{1}"))
        _ = try XMLDocument(xmlString: svg)
    }

    @Test("A chart without any point says No data and keeps its legend")
    func empty() throws {
        let none = LineChart(title: "nothing", series: []).svg()
        #expect(none.contains(">No data</text>"))
        #expect(!none.contains("series-line") && !none.contains("class=\"legend\""))
        let onlyGaps = LineChart(
            title: "gaps",
            series: [ChartSeries(label: "x", points: [ChartPoint(time: Self.start, value: .nan)])]
        ).svg()
        #expect(onlyGaps.contains(">No data</text>"))
        #expect(Self.count("class=\"legend-entry\"", in: onlyGaps) == 1)
        _ = try XMLDocument(xmlString: onlyGaps)
    }

    @Test("NaN and infinite values break the line; a lone point between gaps is a dot")
    func gaps() throws {
        var points = Self.ramp("x").points
        points[3].value = .nan
        points[6].value = .infinity
        points[8].value = -.infinity
        let svg = LineChart(title: "gaps", series: [ChartSeries(label: "x", points: points)]).svg()
        let path = try #require(svg.components(separatedBy: "d=\"").dropFirst().first?.prefix { $0 != "\"" })
        // Pieces: 0-2 (a line), 4-5 (a line), 7 (a dot), 9 (a dot).
        #expect(Self.count("M", in: String(path)) == 2)
        #expect(Self.count("L", in: String(path)) == 3)
        #expect(Self.count("class=\"series-point\"", in: svg) == 2)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test("Many series: colours repeat with dashes, the legend is capped with a count of the rest")
    func manySeries() throws {
        let series = (0..<35).map { Self.ramp("s\($0)", scale: Double($0 + 1)) }
        let svg = LineChart(title: "many", series: series, maxLegendEntries: 20).svg()
        #expect(Self.count("class=\"series-line\"", in: svg) == 35)
        #expect(Self.count("class=\"legend-entry\"", in: svg) == 20)
        #expect(svg.contains("+ 15 more series"))
        #expect(svg.contains("stroke-dasharray=\"6 3\""))
        _ = try XMLDocument(xmlString: svg)
    }

    @Test("A single point and a flat series still get a usable scale")
    func degenerate() throws {
        let svg = LineChart(
            title: "flat",
            unit: "%",
            series: [ChartSeries(label: "one", points: [ChartPoint(time: Self.start, value: 42)])]
        ).svg()
        #expect(Self.count("class=\"series-point\"", in: svg) == 1)
        #expect(svg.contains("%</text>"))
        #expect(!svg.contains("nan"))
        _ = try XMLDocument(xmlString: svg)
    }

    @Test("store puts the SVG in the job's artifacts, scrubbed, and describes it")
    func artifact() async throws {
        let secrets = SecretRegistry()
        secrets.register("s3cr3t-token-value")
        let stored = StoredArtifacts()
        let writer = ArtifactWriter(secrets: secrets) { content, type, _, labels in
            stored.add(content, type, labels)
        }
        let chart = LineChart(title: "leak s3cr3t-token-value?", series: [Self.ramp("a")])
        let described = try await chart.store(in: writer, labels: ["pack": "acme"])
        #expect(described["pointer"] == "mem://0")
        #expect(described["media_type"] == "image/svg+xml")
        #expect(described["series"] == 1)
        let (content, type, labels) = try #require(stored.first)
        #expect(type == "image/svg+xml")
        #expect(labels == ["pack": "acme", "kind": "chart"])
        let text = String(decoding: content, as: UTF8.self)
        #expect(text.contains("<svg") && !text.contains("s3cr3t-token-value"))
    }
}

/// What an artifact store received.
final class StoredArtifacts: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [([UInt8], String, [String: String])] = []

    func add(_ content: [UInt8], _ type: String, _ labels: [String: String]) -> String {
        lock.withLock {
            items.append((content, type, labels))
            return "mem://\(items.count - 1)"
        }
    }

    var first: ([UInt8], String, [String: String])? { lock.withLock { items.first } }
}
