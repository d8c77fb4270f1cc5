import StructuredData

/// The demo tenant every emulator starts with: team Operations with General, Deployments and Incidents (one message
/// with a reply), users Alice, Bob and Carol, a chat, and one app registration.
public enum MSTeamsDemo {
    /// The demo tenant id.
    public static let tenantID = "0d5a1c3e-7b2f-4e8a-9c6d-1f2e3a4b5c6d"
    /// The demo app registration's client id (also the bot's app id, the audience of Bot Framework tokens).
    public static let clientID = "b7c1e2d3-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
    /// The demo client secret.
    public static let clientSecret = "emulator-client-secret-0000000000"
    /// Team Operations.
    public static let teamID = "6f1c3a52-8d0e-4b7a-9c3e-2a4f5b6c7d8e"
    /// Team Platform.
    public static let platformTeamID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    /// The channels of Operations.
    public static let general = "19:general@thread.tacv2"
    /// The channel of deploy notifications.
    public static let deployments = "19:deployments@thread.tacv2"
    /// The channel of incidents (message 1700000000001 has one reply).
    public static let incidents = "19:incidents@thread.tacv2"
    /// The incident message with a reply.
    public static let incidentMessage = "1700000000001"
    /// The demo chat.
    public static let chatID = "19:alice-bob@unq.gbl.spaces"
    /// Alice's object id.
    public static let alice = "a1a1a1a1-0000-4000-8000-000000000001"
    /// Bob's object id.
    public static let bob = "b2b2b2b2-0000-4000-8000-000000000002"
    /// Carol's object id.
    public static let carol = "c3c3c3c3-0000-4000-8000-000000000003"
    /// The Workflows webhook path (its `sig` query parameter is the secret).
    public static let webhookPath = "/workflows/0a1b2c3d4e5f/triggers/manual/paths/invoke"
    /// The webhook's signature parameter.
    public static let webhookSignature = "dEmOwEbHoOkSiGnAtUrE0123456789"

    /// Fills `world` with the demo tenant.
    public static func fill(_ world: inout MSTeamsWorld) {
        world.clients[clientID] = clientSecret
        world.teams = [
            ["id": .string(teamID), "displayName": "Operations", "description": "Deploys and incidents"],
            ["id": .string(platformTeamID), "displayName": "Platform", "description": "The platform team"],
        ]
        func channel(_ id: String, _ name: String, _ description: String) -> MSTeamsWorld.Channel {
            MSTeamsWorld.Channel(json: [
                "id": .string(id), "displayName": .string(name), "description": .string(description),
                "membershipType": "standard", "createdDateTime": "2026-01-05T09:00:00Z",
                "webUrl": .string("https://teams.microsoft.com/l/channel/\(id)/\(name)?groupId=\(teamID)"),
            ])
        }
        var incidentsChannel = channel(incidents, "Incidents", "Incident response")
        incidentsChannel.messages = [
            MSTeamsWorld.Message(
                json: message(incidentMessage, text: "Checkout answers 5% errors", from: alice, name: "Alice Wong"),
                replies: [
                    message("1700000000002", text: "Looking", from: bob, name: "Bob Smith", replyTo: incidentMessage)
                ]
            )
        ]
        world.channels[teamID] = [
            channel(general, "General", "Everyone"), channel(deployments, "Deployments", "Deploy notifications"),
            incidentsChannel,
        ]
        world.channels[platformTeamID] = [channel("19:platform-general@thread.tacv2", "General", "Everyone")]
        world.users = [
            user(alice, "Alice Wong", "alice@contoso.example"), user(bob, "Bob Smith", "bob@contoso.example"),
            user(carol, "Carol Diaz", "carol@contoso.example"),
        ]
        world.chats[chatID] = []
    }

    static func user(_ id: String, _ name: String, _ mail: String) -> JSONValue {
        ["id": .string(id), "displayName": .string(name), "mail": .string(mail), "userPrincipalName": .string(mail)]
    }

    static func message(_ id: String, text: String, from: String, name: String, replyTo: String? = nil) -> JSONValue {
        [
            "id": .string(id), "replyToId": replyTo.map { .string($0) } ?? .null, "messageType": "message",
            "createdDateTime": "2026-01-05T14:02:00Z", "subject": .null,
            "body": ["contentType": "text", "content": .string(text)],
            "from": ["user": ["id": .string(from), "displayName": .string(name)]], "attachments": [],
        ]
    }
}
