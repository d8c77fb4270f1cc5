/// The `INFO` a server sends on connect (the fields the client uses).
struct NATSServerInfo: Sendable, Hashable, Decodable {
    var serverID: String?
    var version: String?
    var maxPayload: Int?
    var headers: Bool?
    var authRequired: Bool?

    enum CodingKeys: String, CodingKey {
        case serverID = "server_id"
        case version
        case maxPayload = "max_payload"
        case headers
        case authRequired = "auth_required"
    }
}

/// An operation from the server, as the decoder produces it.
enum NATSServerOperation: Sendable, Hashable {
    case info(NATSServerInfo)
    case message(NATSMessage)
    case ping
    case pong
    case ok
    case error(String)
}

/// The `CONNECT` options; ``description`` hides the credentials.
struct NATSConnectOptions: Sendable, Hashable, Encodable, CustomStringConvertible {
    var verbose = false
    var pedantic = false
    var tlsRequired = false
    var name: String?
    var lang = "swift"
    var version = "0.1.0"
    var `protocol` = 1
    var headers = true
    var noResponders = true
    var authToken: String?
    var user: String?
    var pass: String?

    enum CodingKeys: String, CodingKey {
        case verbose, pedantic, name, lang, version, `protocol`, headers, user, pass
        case tlsRequired = "tls_required"
        case noResponders = "no_responders"
        case authToken = "auth_token"
    }

    init(name: String?, authentication: NATSAuthentication) {
        self.name = name
        switch authentication {
        case .none: break
        case .token(let token): authToken = token
        case .userPassword(let user, let password):
            self.user = user
            self.pass = password
        }
    }

    var description: String {
        "CONNECT(name: \(name ?? "-"), credentials: \(authToken != nil || pass != nil ? "***" : "none"))"
    }
}

/// An operation from the client, as the encoder consumes it.
enum NATSClientOperation: Sendable, Hashable {
    case connect(NATSConnectOptions)
    case publish(subject: String, replyTo: String?, headers: NATSHeaders?, payload: [UInt8])
    case subscribe(subject: String, queue: String?, id: UInt64)
    case unsubscribe(id: UInt64, max: Int?)
    case ping
    case pong

    /// The bytes it takes on the wire, roughly (for the reconnect buffer's limit).
    var approximateSize: Int {
        switch self {
        case .publish(let subject, _, _, let payload): subject.utf8.count + payload.count + 32
        default: 64
        }
    }
}
