import Foundation
import Testing
import WorkerKit

/// The waterfall chart: rows, classes, escaping, the row bound and determinism.
@Suite("Waterfall chart")
struct WaterfallChartTests {
    let bars = [
        WaterfallBar(label: "api GET /orders", start: 100, duration: 0.5, highlighted: true),
        WaterfallBar(
            label: "db <SELECT> & \"x\"",
            start: 100.1,
            duration: 0.3,
            depth: 1,
            highlighted: true,
            failed: true,
            detail: "timeout"
        ),
        WaterfallBar(label: "cache get", start: 100.05, duration: 0.01, depth: 1),
    ]

    @Test("one row per bar, with the critical and error classes, durations and an escaped title and labels")
    func rows() {
        let svg = WaterfallChart(title: "Trace <1>", bars: bars).svg()
        #expect(svg.components(separatedBy: "<g class=\"row\"").count == 4)
        #expect(svg.contains("class=\"bar critical\""))
        #expect(svg.contains("class=\"bar critical error\""))
        #expect(svg.contains("<title>Trace &lt;1&gt;</title>"))
        #expect(svg.contains("db &lt;SELECT&gt; &amp; &quot;x&quot;"))
        #expect(!svg.contains("<SELECT>"))
        #expect(svg.contains(">500ms<"))
        #expect(svg.contains("timeout"))
    }

    @Test("bars start at the earliest start, so the root's bar is at the left edge of the plot")
    func offsets() {
        let svg = WaterfallChart(title: "t", bars: bars, width: 1000).svg()
        #expect(svg.contains("<rect class=\"bar critical\" x=\"340\""))
    }

    @Test("rows beyond maxRows are counted, not drawn")
    func bounded() {
        let many = (0..<50).map { WaterfallBar(label: "s\($0)", start: Double($0), duration: 1) }
        let svg = WaterfallChart(title: "t", bars: many, maxRows: 10).svg()
        #expect(svg.components(separatedBy: "<g class=\"row\"").count == 11)
        #expect(svg.contains("+ 40 more spans not drawn"))
    }

    @Test("no drawable bar says No spans; the same chart gives the same bytes")
    func emptyAndDeterministic() {
        #expect(WaterfallChart(title: "t", bars: []).svg().contains("No spans"))
        let broken = [WaterfallBar(label: "x", start: .nan, duration: 1)]
        #expect(WaterfallChart(title: "t", bars: broken).svg().contains("No spans"))
        #expect(WaterfallChart(title: "t", bars: bars).svg() == WaterfallChart(title: "t", bars: bars).svg())
    }
}
