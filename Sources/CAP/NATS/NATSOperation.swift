/// The `INFO` a server sends on connect (the fields the client uses).
struct NATSServerInfo: Sendable, Hashable, Decodable {
    var serverID: String?
    var version: String?
    var maxPayload: Int?
    var headers: Bool?
    var authRequired: Bool?
    var tlsRequired: Bool?
    var tlsAvailable: Bool?
    /// What an NKey or JWT user signs to prove it holds its seed.
    var nonce: String?

    enum CodingKeys: String, CodingKey {
        case serverID = "server_id"
        case version
        case maxPayload = "max_payload"
        case headers
        case authRequired = "auth_required"
        case tlsRequired = "tls_required"
        case tlsAvailable = "tls_available"
        case nonce
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
    var nkey: String?
    var jwt: String?
    var sig: String?

    enum CodingKeys: String, CodingKey {
        case verbose, pedantic, name, lang, version, `protocol`, headers, user, pass, nkey, jwt, sig
        case tlsRequired = "tls_required"
        case noResponders = "no_responders"
        case authToken = "auth_token"
    }

    /// The options for `authentication`; NKey and JWT users sign the server's `nonce`.
    /// - Throws: ``NATSError`` `invalidCredentials` for a malformed seed, or when the server sent no nonce to sign.
    init(
        name: String?,
        authentication: NATSAuthentication,
        nonce: String? = nil,
        tlsRequired: Bool = false
    ) throws(NATSError) {
        self.name = name
        self.tlsRequired = tlsRequired
        switch authentication {
        case .none: break
        case .token(let token): authToken = token
        case .userPassword(let user, let password):
            self.user = user
            self.pass = password
        case .nkey(let seed):
            let key = try NKey(seed: seed)
            nkey = key.publicKey
            sig = try key.sign(nonce: try Self.required(nonce))
        case .credentials(let jwt, let seed):
            self.jwt = jwt
            sig = try NKey(seed: seed).sign(nonce: try Self.required(nonce))
        }
    }

    private static func required(_ nonce: String?) throws(NATSError) -> String {
        guard let nonce, !nonce.isEmpty else {
            throw NATSError(
                .invalidCredentials,
                "The NATS server sent no nonce to sign: it is not configured for NKey or JWT users."
            )
        }
        return nonce
    }

    var description: String {
        let hasCredentials = authToken != nil || pass != nil || sig != nil
        return "CONNECT(name: \(name ?? "-"), credentials: \(hasCredentials ? "***" : "none"))"
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
