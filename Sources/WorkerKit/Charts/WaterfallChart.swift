/// A waterfall (Gantt) chart of timed, nested work: one row per bar, indented by depth, drawn on a shared time axis
/// from the earliest start. Vendor neutral: the opentelemetry pack draws a trace's spans with it (the critical path
/// highlighted, spans in error marked), and anything with nested durations (workflow steps, build stages) can do
/// the same.
///
/// ```swift
/// let chart = WaterfallChart(title: "GET /checkout", bars: [
///     WaterfallBar(label: "frontend GET /checkout", start: 0, duration: 0.42, highlighted: true),
///     WaterfallBar(label: "cart SELECT", start: 0.01, duration: 0.3, depth: 1, highlighted: true, failed: true),
/// ])
/// let svg = chart.svg()                                // deterministic SVG text
/// let stored = try await chart.store(in: context.artifacts, labels: ["pack": "opentelemetry"])
/// ```
///
/// Rendering is our own for the reasons ``LineChart`` gives (no charting package on our machines; byte-for-byte
/// deterministic output). Rows are bounded by ``maxRows``: the rest are counted in a last "+ N more" row.
public struct WaterfallChart: Sendable, Hashable {
    /// The title above the rows (escaped when rendered).
    public var title: String
    /// The bars, one row each, in the order given.
    public var bars: [WaterfallBar]
    /// The width of the SVG in pixels.
    public var width: Int
    /// The most rows drawn; further bars are counted in a last row.
    public var maxRows: Int

    /// A chart.
    /// - Parameters:
    ///   - title: The title.
    ///   - bars: The bars, in row order.
    ///   - width: Default 960 pixels.
    ///   - maxRows: Default 200.
    public init(title: String, bars: [WaterfallBar], width: Int = 960, maxRows: Int = 200) {
        self.title = title
        self.bars = bars
        self.width = max(width, 400)
        self.maxRows = max(maxRows, 1)
    }

    /// The earliest start and the latest end over the drawable bars, or `nil` when there is none.
    var timeRange: ClosedRange<Double>? {
        let drawable = bars.filter(\.isDrawable)
        guard let low = drawable.map(\.start).min(), let high = drawable.map({ $0.start + $0.duration }).max()
        else { return nil }
        return low...high
    }
}

/// One row of a ``WaterfallChart``.
public struct WaterfallBar: Sendable, Hashable {
    /// The row's text (`service operation`); escaped when rendered.
    public var label: String
    /// When it started, in seconds (any origin shared by the chart's bars, e.g. Unix seconds).
    public var start: Double
    /// How long it took, in seconds.
    public var duration: Double
    /// How deeply it nests (0 for a root); indents the label.
    public var depth: Int
    /// Whether it is emphasised (a trace's critical path).
    public var highlighted: Bool
    /// Whether it failed (drawn in the error colour).
    public var failed: Bool
    /// A tooltip (escaped), e.g. the error message.
    public var detail: String

    /// A bar.
    /// - Parameters:
    ///   - label: The row's text.
    ///   - start: The start, in seconds.
    ///   - duration: The duration, in seconds.
    ///   - depth: The nesting depth; default 0.
    ///   - highlighted: Emphasised; default `false`.
    ///   - failed: Failed; default `false`.
    ///   - detail: A tooltip; default none.
    public init(
        label: String,
        start: Double,
        duration: Double,
        depth: Int = 0,
        highlighted: Bool = false,
        failed: Bool = false,
        detail: String = ""
    ) {
        self.label = label
        self.start = start
        self.duration = duration
        self.depth = max(depth, 0)
        self.highlighted = highlighted
        self.failed = failed
        self.detail = detail
    }

    /// Whether it can be drawn (finite start, finite non-negative duration).
    var isDrawable: Bool { start.isFinite && duration.isFinite && duration >= 0 }
}
