import Foundation
public import StructuredData

/// The emulated monitoring stack: the series a demo service exposes, its alerting rule and firing alert, the
/// credentials the emulator accepts, and Alertmanager's silences. Plain values behind the emulator's lock;
/// ``PrometheusDemo`` seeds it.
public struct PrometheusWorld: Sendable {
    /// A series: its labels (with `__name__`), its metric type and help, and how its value moves with time.
    public struct Series: Sendable {
        public var labels: [String: String]
        public var type: String
        public var help: String
        public var unit = ""
        /// The value at a Unix time.
        public var value: @Sendable (Double) -> Double

        public var name: String { labels["__name__"] ?? "" }
    }

    /// An alerting rule and, when it fires, its alert.
    public struct AlertRule: Sendable {
        public var name: String
        public var group: String
        public var query: String
        public var duration: Double
        public var labels: [String: String]
        public var annotations: [String: String]
        /// The labels of its alert (the rule's and the series').
        public var alertLabels: [String: String]
        /// When its alert became active (Unix seconds); `nil` when inactive.
        public var activeAt: Double?
    }

    /// A silence.
    public struct Silence: Sendable {
        public var id: String
        public var matchers: [JSONValue]
        public var startsAt: Double
        public var endsAt: Double
        public var createdBy: String
        public var comment: String
        public var updatedAt: Double
    }

    public var series: [Series] = []
    public var rules: [AlertRule] = []
    public var silences: [Silence] = []
    /// Accepted `Authorization` values (a reverse proxy's basic auth or bearer token); empty accepts any request.
    public var authorizations: Set<String> = []
    /// The scrape target's job and URL.
    public var targetJob = "api"
    public var targetURL = "http://127.0.0.1:9100/metrics"
    /// Numbers the next silence id.
    public var nextSilence = 1

    public init() {}
}
