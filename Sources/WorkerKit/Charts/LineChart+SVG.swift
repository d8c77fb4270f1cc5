extension LineChart {
    /// The colours of the lines, in order; after the last one they repeat with a dash pattern, so many series stay
    /// apart.
    static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]
    static let dashes = ["", "6 3", "2 2", "8 3 2 3"]

    static let marginLeft = 72.0
    static let marginRight = 24.0
    static let marginTop = 40.0
    static let marginBottom = 44.0
    static let legendRow = 18.0

    /// The chart as an SVG document: a `title`, the grid and value axis (`class="value-axis"`, ticks labelled with
    /// the unit), the time axis (`class="time-axis"`, UTC), one `path class="series-line"` per series that has a
    /// drawable point (NaN and infinite values break the line into pieces; a lone point is a dot), and the legend
    /// (`class="legend-entry"`, one per series up to ``maxLegendEntries``). A chart without any drawable point says
    /// "No data". The same chart always gives the same text.
    public func svg() -> String {
        let shown = min(series.count, maxLegendEntries)
        let legendRows = shown + (series.count > shown ? 1 : 0)
        let totalHeight = Double(height) + Double(legendRows) * Self.legendRow + (legendRows > 0 ? 8 : 0)
        let plot = (
            left: Self.marginLeft, right: Double(width) - Self.marginRight,
            top: Self.marginTop, bottom: Double(height) - Self.marginBottom
        )
        var out = ""
        func line(_ text: String) { out += text + "\n" }
        let f = ChartFormat.coordinate
        line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(f(totalHeight))\" viewBox=\"0 0 \(width) \(f(totalHeight))\" font-family=\"sans-serif\" font-size=\"12\">"
        )
        line("<title>\(ChartFormat.escaped(title))</title>")
        line("<rect class=\"background\" width=\"\(width)\" height=\"\(f(totalHeight))\" fill=\"#ffffff\"/>")
        line(
            "<text class=\"chart-title\" x=\"\(f(plot.left))\" y=\"22\" font-size=\"14\" font-weight=\"bold\">\(ChartFormat.escaped(title))</text>"
        )
        guard let times = timeRange, let values = valueRange else {
            line(
                "<rect class=\"plot\" x=\"\(f(plot.left))\" y=\"\(f(plot.top))\" width=\"\(f(plot.right - plot.left))\" height=\"\(f(plot.bottom - plot.top))\" fill=\"none\" stroke=\"#cccccc\"/>"
            )
            line(
                "<text class=\"no-data\" x=\"\(f((plot.left + plot.right) / 2))\" y=\"\(f((plot.top + plot.bottom) / 2))\" text-anchor=\"middle\" fill=\"#666666\">No data</text>"
            )
            legend(into: &out, top: Double(height), shown: shown)
            line("</svg>")
            return out
        }
        let (valueTicks, domain) = ChartAxis.valueTicks(values)
        let timeSpan = max(times.upperBound - times.lowerBound, 0)
        let timeLow = timeSpan == 0 ? times.lowerBound - 30 : times.lowerBound
        let timeHigh = timeSpan == 0 ? times.upperBound + 30 : times.upperBound
        let x = { (time: Double) in plot.left + (time - timeLow) / (timeHigh - timeLow) * (plot.right - plot.left) }
        let y = { (value: Double) in
            plot.bottom - (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
                * (plot.bottom - plot.top)
        }

        line("<g class=\"value-axis\" fill=\"#444444\" text-anchor=\"end\">")
        for tick in valueTicks {
            let ty = f(y(tick))
            line(
                "<line class=\"grid\" x1=\"\(f(plot.left))\" y1=\"\(ty)\" x2=\"\(f(plot.right))\" y2=\"\(ty)\" stroke=\"#e5e5e5\"/>"
            )
            line(
                "<text x=\"\(f(plot.left - 6))\" y=\"\(ty)\" dy=\"4\">\(ChartFormat.escaped(ChartFormat.value(tick, unit: unit)))</text>"
            )
        }
        if !unit.isEmpty {
            line(
                "<text class=\"unit\" x=\"14\" y=\"\(f((plot.top + plot.bottom) / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(f((plot.top + plot.bottom) / 2)))\">\(ChartFormat.escaped(unit))</text>"
            )
        }
        line("</g>")

        let timeTicks = ChartAxis.timeTicks(timeLow...timeHigh)
        let step = timeTicks.count > 1 ? timeTicks[1] - timeTicks[0] : 60
        line("<g class=\"time-axis\" fill=\"#444444\" text-anchor=\"middle\">")
        line(
            "<line x1=\"\(f(plot.left))\" y1=\"\(f(plot.bottom))\" x2=\"\(f(plot.right))\" y2=\"\(f(plot.bottom))\" stroke=\"#888888\"/>"
        )
        for tick in timeTicks {
            let tx = f(x(tick))
            line(
                "<line x1=\"\(tx)\" y1=\"\(f(plot.bottom))\" x2=\"\(tx)\" y2=\"\(f(plot.bottom + 4))\" stroke=\"#888888\"/>"
            )
            line(
                "<text x=\"\(tx)\" y=\"\(f(plot.bottom + 18))\">\(ChartFormat.time(tick, span: timeHigh - timeLow, step: step))</text>"
            )
        }
        line(
            "<text class=\"time-range\" x=\"\(f(plot.right))\" y=\"\(f(plot.bottom + 36))\" text-anchor=\"end\">\(ChartFormat.timestamp(timeLow)) – \(ChartFormat.timestamp(timeHigh)) (UTC)</text>"
        )
        line("</g>")

        line("<g class=\"series\" fill=\"none\" stroke-width=\"1.5\">")
        for (index, one) in series.enumerated() {
            let pieces = Self.pieces(one.points)
            guard !pieces.isEmpty else { continue }
            let style = Self.style(index)
            var path = ""
            var dots: [(Double, Double)] = []
            for piece in pieces {
                if piece.count == 1 {
                    dots.append((x(piece[0].time), y(piece[0].value)))
                    continue
                }
                for (position, point) in piece.enumerated() {
                    path +=
                        (path.isEmpty ? "" : " ") + (position == 0 ? "M" : "L")
                        + "\(f(x(point.time))) \(f(y(point.value)))"
                }
            }
            let dash = style.dash.isEmpty ? "" : " stroke-dasharray=\"\(style.dash)\""
            if !path.isEmpty {
                line(
                    "<path class=\"series-line\" data-series=\"\(index)\" stroke=\"\(style.color)\"\(dash) d=\"\(path)\"><title>\(ChartFormat.escaped(one.label))</title></path>"
                )
            }
            for (dx, dy) in dots {
                line(
                    "<circle class=\"series-point\" data-series=\"\(index)\" cx=\"\(f(dx))\" cy=\"\(f(dy))\" r=\"2\" fill=\"\(style.color)\"/>"
                )
            }
        }
        line("</g>")
        legend(into: &out, top: Double(height), shown: shown)
        line("</svg>")
        return out
    }

    /// The colour and dash pattern of series `index`.
    static func style(_ index: Int) -> (color: String, dash: String) {
        (palette[index % palette.count], dashes[(index / palette.count) % dashes.count])
    }

    /// The runs of consecutive drawable points, in time order.
    static func pieces(_ points: [ChartPoint]) -> [[ChartPoint]] {
        var pieces: [[ChartPoint]] = []
        var current: [ChartPoint] = []
        for point in points.sorted(by: { $0.time < $1.time }) {
            if point.isDrawable {
                current.append(point)
            } else if !current.isEmpty {
                pieces.append(current)
                current = []
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    private func legend(into out: inout String, top: Double, shown: Int) {
        guard !series.isEmpty else { return }
        let f = ChartFormat.coordinate
        out += "<g class=\"legend\">\n"
        for index in 0..<shown {
            let style = Self.style(index)
            let rowY = top + Double(index) * Self.legendRow + 4
            let dash = style.dash.isEmpty ? "" : " stroke-dasharray=\"\(style.dash)\""
            out +=
                "<g class=\"legend-entry\" data-series=\"\(index)\"><line x1=\"\(f(Self.marginLeft))\" y1=\"\(f(rowY))\" x2=\"\(f(Self.marginLeft + 20))\" y2=\"\(f(rowY))\" stroke=\"\(style.color)\" stroke-width=\"2\"\(dash)/><text x=\"\(f(Self.marginLeft + 26))\" y=\"\(f(rowY + 4))\">\(ChartFormat.escaped(series[index].label))</text></g>\n"
        }
        if series.count > shown {
            let rowY = top + Double(shown) * Self.legendRow + 4
            out +=
                "<text class=\"legend-more\" x=\"\(f(Self.marginLeft + 26))\" y=\"\(f(rowY + 4))\">+ \(series.count - shown) more series</text>\n"
        }
        out += "</g>\n"
    }
}
