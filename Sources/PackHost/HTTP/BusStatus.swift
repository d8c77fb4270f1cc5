/// What `GET /status` reports of the message bus (Cordum's `nats` field): whether it is connected, a status word
/// and the server's address without credentials.
public struct BusStatus: Sendable, Hashable {
    /// Whether the bus is connected.
    public var connected: Bool
    /// `CONNECTED`, `DISCONNECTED`, or `UNKNOWN` when the API has no bus to ask.
    public var status: String
    /// The server (`nats://host:port`), never with credentials.
    public var url: String

    /// Creates a status.
    public init(connected: Bool, status: String, url: String) {
        self.connected = connected
        self.status = status
        self.url = url
    }

    /// No bus is known to the API (Cordum's gateway answers the same for a bus that is not NATS).
    public static let unknown = BusStatus(connected: false, status: "UNKNOWN", url: "")
}

/// Something that can tell `GET /status` the state of the bus, such as the host's CAP bridge.
public protocol BusStatusSource: Sendable {
    /// The bus's state now.
    func busStatus() async -> BusStatus
}
