public import Prometheus

/// A Prometheus registry for the worker's metrics, and its text exposition.
///
/// ```swift
/// let exporter = PrometheusExporter()
/// MetricsSystem.bootstrap(exporter.factory)   // once, in the executable
/// print(exporter.render())                    // text format 0.0.4
/// ```
/// ``MetricsHTTPServer`` serves it over HTTP (`/metrics`).
public struct PrometheusExporter: Sendable {
    /// The registry metrics are recorded in.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics factory over ``registry``; job durations become histograms in seconds.
    public var factory: PrometheusMetricsFactory

    /// An exporter over a new registry (or `registry`).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.factory = PrometheusMetricsFactory(registry: registry)
    }

    /// The registry in the Prometheus text exposition format.
    public func render() -> String { registry.emitToString() }

    /// The `Content-Type` of ``render()``.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}
