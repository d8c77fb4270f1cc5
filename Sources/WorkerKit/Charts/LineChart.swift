/// A line chart of time series: one line per series over a time axis, a value axis with a unit, a legend. Vendor
/// neutral: the prometheus-query pack charts range queries with it, and any pack with time series (metrics,
/// traces' durations) can do the same.
///
/// ```swift
/// let chart = LineChart(title: "p99 latency of api", unit: "s", series: [
///     ChartSeries(label: "api", points: [ChartPoint(time: 1_765_000_000, value: 0.12), …]),
/// ])
/// let svg = chart.svg()                               // deterministic SVG text
/// let stored = try await chart.store(in: context.artifacts, labels: ["pack": "prometheus-query"])
/// ```
///
/// Rendering is written here rather than taken from a package: none of the packages on our machines draws charts,
/// and the output must be byte-for-byte deterministic (the same data gives the same SVG, so artifacts can be
/// compared and audited), which a small renderer of our own guarantees.
public struct LineChart: Sendable, Hashable {
    /// The title above the plot (escaped when rendered).
    public var title: String
    /// The unit of the values (`s`, `%`, `bytes`, `req/s`, …), shown on the value axis; empty for none.
    public var unit: String
    /// The series, drawn in order (the first one first, under the others).
    public var series: [ChartSeries]
    /// The width of the SVG in pixels.
    public var width: Int
    /// The height of the SVG in pixels (the legend adds rows below it).
    public var height: Int
    /// The most legend rows; further series are counted in a last "+ N more" row.
    public var maxLegendEntries: Int

    /// A chart.
    /// - Parameters:
    ///   - title: The title.
    ///   - unit: The unit of the values; default none.
    ///   - series: The series.
    ///   - width: Default 800 pixels.
    ///   - height: Default 360 pixels.
    ///   - maxLegendEntries: Default 20.
    public init(
        title: String,
        unit: String = "",
        series: [ChartSeries],
        width: Int = 800,
        height: Int = 360,
        maxLegendEntries: Int = 20
    ) {
        self.title = title
        self.unit = unit
        self.series = series
        self.width = max(width, 200)
        self.height = max(height, 120)
        self.maxLegendEntries = max(maxLegendEntries, 1)
    }

    /// The time range over every finite point, or `nil` when there is none.
    var timeRange: ClosedRange<Double>? {
        range(series.flatMap { $0.points.filter(\.isDrawable).map(\.time) })
    }

    /// The value range over every finite point, or `nil` when there is none.
    var valueRange: ClosedRange<Double>? {
        range(series.flatMap { $0.points.filter(\.isDrawable).map(\.value) })
    }

    private func range(_ values: [Double]) -> ClosedRange<Double>? {
        guard let low = values.min(), let high = values.max() else { return nil }
        return low...high
    }
}

/// One line of a ``LineChart``.
public struct ChartSeries: Sendable, Hashable {
    /// The legend text (a series' labels, `{job="api", code="500"}`); escaped when rendered.
    public var label: String
    /// The points, in time order. A point whose value is NaN or infinite leaves a gap in the line.
    public var points: [ChartPoint]

    /// A series.
    /// - Parameters:
    ///   - label: The legend text.
    ///   - points: The points.
    public init(label: String, points: [ChartPoint]) {
        self.label = label
        self.points = points
    }
}

/// One sample: a time in Unix seconds and a value.
public struct ChartPoint: Sendable, Hashable {
    /// Unix seconds.
    public var time: Double
    /// The value; NaN or infinite values are gaps.
    public var value: Double

    /// A point.
    /// - Parameters:
    ///   - time: Unix seconds.
    ///   - value: The value.
    public init(time: Double, value: Double) {
        self.time = time
        self.value = value
    }

    /// Whether the point is drawn (finite time and value).
    var isDrawable: Bool { time.isFinite && value.isFinite }
}
