public import StructuredData

extension WaterfallChart {
    static let labelWidthShare = 0.34
    static let rowHeight = 20.0
    static let top = 56.0
    static let bottom = 28.0
    static let indent = 12.0

    /// The chart as an SVG document: a `title`, the time axis (`class="time-axis"`, offsets from the earliest start
    /// with the unit, e.g. `250ms`), one `g class="row"` per bar up to ``maxRows`` with its label (indented by depth)
    /// and its `rect class="bar"` (`bar critical` when highlighted, `bar error` when failed; the tooltip names the
    /// label, the duration and the detail), then a `more` row counting the bars left out. A chart without any
    /// drawable bar says "No spans". The same chart always gives the same text.
    public func svg() -> String {
        let shown = Array(bars.prefix(maxRows))
        let hidden = bars.count - shown.count
        let rows = Double(shown.count + (hidden > 0 ? 1 : 0))
        let height = Self.top + max(rows, 1) * Self.rowHeight + Self.bottom
        let f = ChartFormat.coordinate
        let plotLeft = (Double(width) * Self.labelWidthShare).rounded()
        let plotRight = Double(width) - 16
        var out = ""
        func line(_ text: String) { out += text + "\n" }
        line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(f(height))\" viewBox=\"0 0 \(width) \(f(height))\" font-family=\"sans-serif\" font-size=\"12\">"
        )
        line("<title>\(ChartFormat.escaped(title))</title>")
        line("<rect class=\"background\" width=\"\(width)\" height=\"\(f(height))\" fill=\"#ffffff\"/>")
        line(
            "<text class=\"chart-title\" x=\"8\" y=\"22\" font-size=\"14\" font-weight=\"bold\">\(ChartFormat.escaped(title))</text>"
        )
        guard let range = timeRange else {
            line(
                "<text class=\"no-data\" x=\"\(f(Double(width) / 2))\" y=\"\(f(Self.top + 14))\" text-anchor=\"middle\" fill=\"#666666\">No spans</text>"
            )
            line("</svg>")
            return out
        }
        let span = range.upperBound - range.lowerBound
        let (ticks, domain) = ChartAxis.valueTicks(0...max(span, 1e-9), count: 6)
        let scale = (plotRight - plotLeft) / max(domain.upperBound, 1e-12)
        let x = { (offset: Double) in plotLeft + offset * scale }

        line("<g class=\"time-axis\" fill=\"#444444\" text-anchor=\"middle\">")
        for tick in ticks where tick <= domain.upperBound {
            let tx = f(x(tick))
            line(
                "<line class=\"grid\" x1=\"\(tx)\" y1=\"\(f(Self.top - 6))\" x2=\"\(tx)\" y2=\"\(f(height - Self.bottom))\" stroke=\"#e5e5e5\"/>"
            )
            line("<text x=\"\(tx)\" y=\"\(f(Self.top - 10))\">\(ChartFormat.escaped(Self.duration(tick)))</text>")
        }
        line("</g>")

        for (index, bar) in shown.enumerated() {
            let y = Self.top + Double(index) * Self.rowHeight
            let classes = "bar" + (bar.highlighted ? " critical" : "") + (bar.failed ? " error" : "")
            let fill = bar.failed ? "#d62728" : bar.highlighted ? "#ff7f0e" : "#1f77b4"
            let tooltip = [bar.label, Self.duration(bar.duration), bar.detail]
                .filter { !$0.isEmpty }.joined(separator: " – ")
            line("<g class=\"row\" data-row=\"\(index)\">")
            line(
                "<text class=\"label\" x=\"\(f(8 + Double(min(bar.depth, 16)) * Self.indent))\" y=\"\(f(y + 14))\">\(ChartFormat.escaped(Self.clipped(bar.label, depth: bar.depth)))</text>"
            )
            if bar.isDrawable {
                let left = x(bar.start - range.lowerBound)
                let barWidth = max(bar.duration * scale, 1)
                line(
                    "<rect class=\"\(classes)\" x=\"\(f(left))\" y=\"\(f(y + 3))\" width=\"\(f(barWidth))\" height=\"\(f(Self.rowHeight - 6))\" fill=\"\(fill)\"><title>\(ChartFormat.escaped(tooltip))</title></rect>"
                )
                let textX = min(left + barWidth + 4, plotRight - 40)
                line(
                    "<text class=\"duration\" x=\"\(f(textX))\" y=\"\(f(y + 14))\" fill=\"#444444\">\(ChartFormat.escaped(Self.duration(bar.duration)))</text>"
                )
            }
            line("</g>")
        }
        if hidden > 0 {
            let y = Self.top + Double(shown.count) * Self.rowHeight
            line(
                "<text class=\"more\" x=\"8\" y=\"\(f(y + 14))\" fill=\"#666666\">+ \(hidden) more \(hidden == 1 ? "span" : "spans") not drawn</text>"
            )
        }
        line("</svg>")
        return out
    }

    /// A duration as people read spans: milliseconds under a second (`250ms`, `1.5ms`, `800µs`), else seconds
    /// (`1.49s`).
    static func duration(_ seconds: Double) -> String {
        if seconds == 0 || seconds >= 1 { return ChartFormat.value(seconds, unit: "s") }
        if seconds >= 0.001 { return ChartFormat.value(seconds * 1000, unit: "ms") }
        return ChartFormat.value(seconds * 1_000_000, unit: "µs")
    }

    /// A label cut to fit the label column (about 48 characters less the indent), with an ellipsis.
    static func clipped(_ label: String, depth: Int) -> String {
        let room = max(48 - min(depth, 16) * 2, 12)
        guard label.count > room else { return label }
        return String(label.prefix(room - 1)) + "…"
    }

    /// Stores the chart's SVG as an artifact (scrubbed of registered secrets like every artifact) and describes it.
    /// - Parameters:
    ///   - artifacts: The job's artifact writer.
    ///   - labels: Labels recorded with it (`kind: chart` is added).
    /// - Returns: `{"pointer","media_type","title","rows","bytes"}`, for a job's output.
    /// - Throws: ``WorkerError`` from the writer.
    public func store(in artifacts: ArtifactWriter, labels: [String: String] = [:]) async throws(WorkerError)
        -> JSONValue
    {
        let text = svg()
        var recorded = labels
        recorded["kind"] = "chart"
        let pointer = try await artifacts.put(text: text, contentType: LineChart.mediaType, labels: recorded)
        return [
            "pointer": .string(pointer),
            "media_type": .string(LineChart.mediaType),
            "title": .string(title),
            "rows": .integer(min(bars.count, maxRows)),
            "bytes": .integer(text.utf8.count),
        ]
    }
}
