public import EmulatorKit
public import StructuredData

/// The emulated Datadog organization: metric series, logs, events, monitors, downtimes, hosts, SLOs and incidents,
/// the API and application keys it accepts, and the rate-limit budgets of its endpoints. Plain values behind the
/// emulator's lock; ``DatadogDemo`` seeds it. Objects are kept in Datadog's own JSON shapes.
public struct DatadogWorld: Sendable {
    /// A metric series: its name, its tags (`host:web-1`), and its value at a Unix time.
    public struct Series: Sendable {
        public var metric: String
        public var tags: [String]
        public var value: @Sendable (Double) -> Double

        /// A series.
        public init(metric: String, tags: [String], value: @escaping @Sendable (Double) -> Double) {
            self.metric = metric
            self.tags = tags
            self.value = value
        }
    }

    public var series: [Series] = []
    /// Logs in v2's shape (`id`, `type: log`, `attributes`: `timestamp`, `status`, `service`, `host`, `message`,
    /// `tags`).
    public var logs: [JSONValue] = []
    /// Events in v1's shape.
    public var events: [JSONValue] = []
    /// Monitors in v1's shape, by id.
    public var monitors: [Int: JSONValue] = [:]
    /// Downtimes in v1's shape, by id.
    public var downtimes: [Int: JSONValue] = [:]
    /// Hosts in v1's shape.
    public var hosts: [JSONValue] = []
    /// SLOs in v1's shape.
    public var slos: [JSONValue] = []
    /// Incidents in v2's shape.
    public var incidents: [JSONValue] = []
    /// The accepted `DD-API-KEY` + `DD-APPLICATION-KEY` pairs.
    public var credentials = CredentialRegistry()
    /// The rate-limit budget of each endpoint family (`X-RateLimit-Name`); a family without one is not limited.
    public var budgets: [String: RateLimitBudget] = [:]
    /// What each caller spent.
    public var rateLimits = RateLimitLedger()
    /// Numbers new objects.
    public var nextID = 9_000

    /// An empty organization.
    public init() {}

    /// A new object id.
    mutating func newID() -> Int {
        nextID += 1
        return nextID
    }
}
