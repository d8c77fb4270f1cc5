/// The standard demo workspace `packctl dev` and the tests use.
///
/// - Channels: `#general` (`C0GENERAL`), `#deploys` (`C0DEPLOYMENTS`), `#incidents` (`C0INCIDENTS`, with a thread
///   under the message `1700000100.000100` and two replies), and the archived `#old-alerts` (`C0OLDALERTS`).
/// - Users: `U0ALICE` alice@example.com, `U0BOB` bob@example.com, `U0CAROL` carol@example.com, and the bot.
/// - The bot token ``token`` (every scope the pack uses) and the incoming webhook ``webhookPath`` posting to
///   `#deploys`.
public enum SlackDemo {
    /// The demo bot token.
    public static let token = "xoxb-0000-demo-emulator-token"
    /// A token the emulator knows but that lacks `chat:write` (answers `missing_scope` to posts).
    public static let readOnlyToken = "xoxb-0000-demo-read-only-token"
    /// The incoming webhook's path below `/services/`.
    public static let webhookPath = "T0DEMO000/B0WEBHOOK01/dEmOwEbHoOkSeCrEt0123456"
    /// The scopes the pack's methods need.
    public static let scopes: Set<String> = [
        "channels:read", "groups:read", "channels:history", "groups:history", "users:read", "users:read.email",
        "chat:write", "reactions:write", "channels:manage", "groups:write",
    ]

    /// Fills `world` with the demo workspace.
    public static func fill(_ world: inout SlackWorld) {
        world.tokens[token] = scopes
        world.tokens[readOnlyToken] = ["channels:read", "channels:history", "users:read", "users:read.email"]
        world.webhooks[webhookPath] = "C0DEPLOYMENTS"
        world.users = [
            SlackWorld.User(id: "U0ALICE", name: "alice", realName: "Alice Adams", email: "alice@example.com"),
            SlackWorld.User(id: "U0BOB", name: "bob", realName: "Bob Brown", email: "bob@example.com"),
            SlackWorld.User(id: "U0CAROL", name: "carol", realName: "Carol Chen", email: "carol@example.com"),
            SlackWorld.User(
                id: world.botUserID,
                name: "cordum",
                realName: "Cordum",
                email: "cordum-bot@example.com",
                isBot: true
            ),
        ]
        let everyone = ["U0ALICE", "U0BOB", "U0CAROL", world.botUserID]
        world.channels = [
            SlackWorld.Channel(
                id: "C0GENERAL",
                name: "general",
                isGeneral: true,
                created: 1_690_000_000,
                creator: "U0ALICE",
                topic: "Company-wide",
                members: everyone,
                messages: [
                    SlackWorld.Message(ts: "1700000000.000100", user: "U0ALICE", text: "Welcome to Cordum Demo!")
                ]
            ),
            SlackWorld.Channel(
                id: "C0DEPLOYMENTS",
                name: "deploys",
                created: 1_690_000_100,
                creator: "U0BOB",
                topic: "Deploy notifications",
                members: ["U0BOB", world.botUserID],
                messages: [
                    SlackWorld.Message(ts: "1700000050.000100", user: "U0BOB", text: "api 1.4.1 is live in production")
                ]
            ),
            SlackWorld.Channel(
                id: "C0INCIDENTS",
                name: "incidents",
                created: 1_690_000_200,
                creator: "U0CAROL",
                topic: "Open incidents",
                members: ["U0ALICE", "U0BOB", world.botUserID],
                messages: [
                    SlackWorld.Message(ts: "1700000090.000100", user: "U0BOB", text: "Latency alert cleared."),
                    SlackWorld.Message(
                        ts: "1700000100.000100",
                        user: "U0CAROL",
                        text: "Checkout errors are up",
                        threadTS: "1700000100.000100"
                    ),
                    SlackWorld.Message(
                        ts: "1700000110.000100",
                        user: "U0ALICE",
                        text: "Looking",
                        threadTS: "1700000100.000100"
                    ),
                    SlackWorld.Message(
                        ts: "1700000120.000100",
                        user: "U0BOB",
                        text: "Rolled back checkout 2.3",
                        threadTS: "1700000100.000100"
                    ),
                ]
            ),
            SlackWorld.Channel(
                id: "C0OLDALERTS",
                name: "old-alerts",
                isArchived: true,
                created: 1_680_000_000,
                creator: "U0ALICE",
                members: []
            ),
        ]
    }
}
