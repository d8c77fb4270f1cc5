public import StructuredData

/// The emulated tenant: teams with their channels and messages, users, chats, the app registrations that may get
/// tokens, the tokens issued, and what the Workflows webhook received.
public struct MSTeamsWorld: Sendable {
    /// A channel and its messages (each message's replies under `replies`).
    public struct Channel: Sendable {
        /// The channel as Graph shows it.
        public var json: JSONValue
        /// The top-level messages, oldest first.
        public var messages: [Message] = []
        /// The channel id.
        public var id: String { json["id"]?.stringValue ?? "" }
    }

    /// A message and its replies.
    public struct Message: Sendable {
        /// The chatMessage as Graph shows it.
        public var json: JSONValue
        /// The replies, oldest first.
        public var replies: [JSONValue] = []
        /// The message id.
        public var id: String { json["id"]?.stringValue ?? "" }
    }

    /// Teams, in order.
    public var teams: [JSONValue] = []
    /// Channels by team id.
    public var channels: [String: [Channel]] = [:]
    /// Users.
    public var users: [JSONValue] = []
    /// Chat messages by chat id.
    public var chats: [String: [JSONValue]] = [:]
    /// App registrations: client id → client secret.
    public var clients: [String: String] = [:]
    /// The certificates registered for app registrations (client id → PEM certificates), whose keys may sign client
    /// assertions; a client with certificates and no secret is registered too.
    public var certificates: [String: [String]] = [:]
    /// The `jti` of every client assertion accepted, so none is accepted twice.
    public var assertionIDs: Set<String> = []
    /// Access tokens issued: token → expiry (seconds since 1970).
    public var tokens: [String: Double] = [:]
    /// How many tokens the token endpoint issued.
    public var tokensIssued = 0
    /// What the webhook received.
    public var webhookPosts: [JSONValue] = []
    /// The next message id.
    public var nextMessageID = 1_700_000_000_100

    /// An empty tenant.
    public init() {}

    /// The channels of `team`, or nil when there is no such team.
    func channelList(_ team: String) -> [Channel]? {
        teams.contains { $0["id"]?.stringValue == team } ? channels[team] ?? [] : nil
    }
}
