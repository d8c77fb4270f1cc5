public import StructuredData

/// The emulated workspace: conversations, users, messages (with threads and reactions), the bot token and the
/// incoming webhooks. Plain values behind the emulator's lock; ``SlackDemo`` seeds it.
public struct SlackWorld: Sendable {
    /// A conversation.
    public struct Channel: Sendable {
        public var id: String
        public var name: String
        public var isPrivate = false
        public var isArchived = false
        public var isGeneral = false
        public var created: Int
        public var creator: String
        public var topic = ""
        public var purpose = ""
        public var members: [String] = []
        /// Messages oldest first.
        public var messages: [Message] = []
    }

    /// A message.
    public struct Message: Sendable {
        public var ts: String
        public var user: String?
        public var botID: String?
        public var text: String
        public var blocks: JSONValue?
        public var threadTS: String?
        public var reactions: [String: [String]] = [:]
        /// Ephemeral messages are not in the history.
        public var ephemeralFor: String?
    }

    /// A user.
    public struct User: Sendable {
        public var id: String
        public var name: String
        public var realName: String
        public var email: String
        public var isBot = false
    }

    /// A message posted to an incoming webhook.
    public struct WebhookPost: Sendable {
        public var channel: String
        public var text: String
    }

    public var teamID = "T0DEMO000"
    public var teamName = "Cordum Demo"
    public var botUserID = "U0CORDUMBOT"
    public var botID = "B0CORDUMBOT"
    /// Bot tokens, with the scopes each grants.
    public var tokens: [String: Set<String>] = [:]
    /// Incoming webhooks: the path below `/services/` → the channel id.
    public var webhooks: [String: String] = [:]
    public var channels: [Channel] = []
    public var users: [User] = []
    public var webhookPosts: [WebhookPost] = []
    /// The clock of new message timestamps (seconds), advanced by one microsecond per message.
    public var now = 1_700_000_500
    var sequence = 0
    var channelSequence = 0

    public init() {}

    /// A new message timestamp, unique and increasing.
    mutating func nextTS() -> String {
        sequence += 1
        let micros = String(sequence)
        return "\(now).\(String(repeating: "0", count: max(0, 6 - micros.count)))\(micros)"
    }

    /// A new conversation id.
    mutating func nextChannelID() -> String {
        channelSequence += 1
        let digits = String(channelSequence)
        return "C0NEW" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    func channelIndex(_ id: String) -> Int? { channels.firstIndex { $0.id == id } }
    func user(_ id: String) -> User? { users.first { $0.id == id } }
}
