public import StructuredData
public import WorkerKit

/// One configured sender: the path it posts to, how its requests are verified, who its events act as, the
/// workflow they start and how its input is made.
///
/// ```json
/// {"id": "github", "path": "/github", "workflow": "webhooks.github.pr-opened",
///  "verify": {"scheme": "github", "secret_env": "GITHUB_WEBHOOK_SECRET"},
///  "event_id": "header:X-GitHub-Delivery",
///  "accept": {"header:X-GitHub-Event": "pull_request"},
///  "principals": [{"match": "*", "api_key_env": "CORDUM_WEBHOOKS_GITHUB_API_KEY", "tenant": "default"}],
///  "input": {"repo": "body:/repository/full_name", "pull_number": "body:/pull_request/number",
///            "action": "body:/action", "delivery_id": "header:X-GitHub-Delivery", "sender": "body:/sender/login"}}
/// ```
public struct WebhookSource: Sendable {
    /// Who an event acts as: the host API key (a principal) and tenant.
    public struct Principal: Sendable {
        /// The value of `principal_from` this entry maps (`*`: any value, or the source's only principal).
        public var match: String
        /// The host API key the run is started with; its principal is the run's.
        public var apiKey: String
        /// The tenant.
        public var tenant: String
    }

    /// The source id (in logs and the idempotency key).
    public var id: String
    /// The request path (`/github`).
    public var path: String
    /// The verifier.
    public var verifier: WebhookVerifier
    /// The workflow started.
    public var workflow: String
    /// The event id: the run's idempotency key is `webhooks:<source>:<event id>`.
    public var eventID: FieldReference
    /// Conditions an event must meet to start a run (others are answered 202 and ignored).
    public var accept: [(FieldReference, String)]
    /// The field whose value picks the principal; none: the single `*` principal.
    public var principalFrom: FieldReference?
    /// The principals.
    public var principals: [Principal]
    /// The run input: field name → where its value comes from.
    public var input: [(String, FieldReference)]
    /// The largest body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Whether a verified `{"type": "url_verification", "challenge": …}` (Slack's Events API handshake) is answered
    /// with its challenge instead of starting a run.
    public var answersChallenge: Bool
    /// Events accepted per minute (0: unlimited).
    public var ratePerMinute: Int
    /// The networks requests may come from (empty: any).
    public var allowedNetworks: [CIDR]

    /// The principal an event maps to, if any.
    public func principal(headers: (String) -> String?, body: JSONValue) -> Principal? {
        guard let principalFrom else { return principals.first { $0.match == "*" } }
        guard let key = principalFrom.text(headers: headers, body: body) else { return nil }
        return principals.first { $0.match == key } ?? principals.first { $0.match == "*" }
    }
}

extension WebhookSource {
    /// Reads one source of the configuration.
    /// - Parameters:
    ///   - value: The source object.
    ///   - index: Its position, for messages.
    ///   - environment: Where `*_env` names are read.
    ///   - secrets: Every secret and API key read is registered here.
    /// - Throws: ``ReceiverConfigurationError`` naming the source and the field.
    public init(
        _ value: JSONValue,
        index: Int,
        environment: [String: String],
        secrets: SecretRegistry
    ) throws(ReceiverConfigurationError) {
        guard case .object(let object) = value else {
            throw ReceiverConfigurationError("sources[\(index)] must be an object")
        }
        let known: Set<String> = [
            "id", "path", "verify", "workflow", "event_id", "accept", "principal_from", "principals", "input",
            "max_body_bytes", "rate_per_minute", "allowed_cidrs", "answer_challenge",
        ]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw ReceiverConfigurationError(
                "sources[\(index)].\(unknown) is not a source field; known: \(known.sorted().joined(separator: ", "))"
            )
        }
        func string(_ key: String) throws(ReceiverConfigurationError) -> String {
            guard let text = object[key]?.stringValue, !text.isEmpty else {
                throw ReceiverConfigurationError("sources[\(index)].\(key) is required (a non-empty string)")
            }
            return text
        }
        id = try string("id")
        let at = "source \"\(id)\""
        path = try string("path")
        guard path.hasPrefix("/"), !path.hasPrefix("/_") else {
            throw ReceiverConfigurationError(
                "\(at): path \"\(path)\" must start with / (and not /_, which is the receiver's)"
            )
        }
        workflow = try string("workflow")
        eventID = try FieldReference(parsing: try string("event_id"))
        verifier = try Self.verifier(object["verify"], at: at, environment: environment, secrets: secrets)
        accept = []
        if case .object(let conditions)? = object["accept"] {
            for (reference, expected) in conditions.sorted(by: { $0.key < $1.key }) {
                guard let text = expected.stringValue else {
                    throw ReceiverConfigurationError("\(at): accept.\(reference) must be a string")
                }
                accept.append((try FieldReference(parsing: reference), text))
            }
        }
        principalFrom = try object["principal_from"]?.stringValue.map { text throws(ReceiverConfigurationError) in
            try FieldReference(parsing: text)
        }
        guard case .array(let entries)? = object["principals"], !entries.isEmpty else {
            throw ReceiverConfigurationError(
                "\(at): principals is required: [{match, api_key_env, tenant}], so every event acts as a configured principal"
            )
        }
        principals = []
        for (position, entry) in entries.enumerated() {
            let where_ = "\(at): principals[\(position)]"
            guard let tenant = entry["tenant"]?.stringValue, !tenant.isEmpty else {
                throw ReceiverConfigurationError("\(where_).tenant is required")
            }
            guard let variable = entry["api_key_env"]?.stringValue, !variable.isEmpty else {
                throw ReceiverConfigurationError(
                    "\(where_).api_key_env is required (the variable holding the host API key)"
                )
            }
            guard let key = environment[variable], !key.isEmpty else {
                throw ReceiverConfigurationError("\(where_): the variable \(variable) (api_key_env) is not set")
            }
            secrets.register(key)
            principals.append(Principal(match: entry["match"]?.stringValue ?? "*", apiKey: key, tenant: tenant))
        }
        if principalFrom == nil, !principals.contains(where: { $0.match == "*" }) {
            throw ReceiverConfigurationError(
                "\(at): without principal_from, principals needs an entry with match \"*\""
            )
        }
        input = []
        if case .object(let fields)? = object["input"] {
            for (name, reference) in fields.sorted(by: { $0.key < $1.key }) {
                guard let text = reference.stringValue else {
                    throw ReceiverConfigurationError("\(at): input.\(name) must be a field reference string")
                }
                input.append((name, try FieldReference(parsing: text)))
            }
        }
        maxBodyBytes = object["max_body_bytes"]?.intValue ?? 1 << 20
        guard (1...(25 << 20)).contains(maxBodyBytes) else {
            throw ReceiverConfigurationError("\(at): max_body_bytes must be 1 to 26214400")
        }
        answersChallenge = object["answer_challenge"]?.boolValue ?? false
        ratePerMinute = object["rate_per_minute"]?.intValue ?? 0
        guard ratePerMinute >= 0 else { throw ReceiverConfigurationError("\(at): rate_per_minute must be 0 or more") }
        allowedNetworks = []
        if case .array(let networks)? = object["allowed_cidrs"] {
            for network in networks {
                guard let text = network.stringValue, let cidr = CIDR(text) else {
                    throw ReceiverConfigurationError(
                        "\(at): allowed_cidrs entry \(network) is not a CIDR (192.0.2.0/24, 2001:db8::/32)"
                    )
                }
                allowedNetworks.append(cidr)
            }
        }
    }

    static func verifier(
        _ value: JSONValue?,
        at: String,
        environment: [String: String],
        secrets: SecretRegistry
    ) throws(ReceiverConfigurationError) -> WebhookVerifier {
        guard case .object(let verify)? = value, let name = verify["scheme"]?.stringValue else {
            throw ReceiverConfigurationError(
                "\(at): verify.scheme is required; one of \(SignatureScheme.names.joined(separator: ", "))"
            )
        }
        var values: [String] = []
        for key in ["secret_env", "previous_secret_env"] {
            guard let variable = verify[key]?.stringValue else { continue }
            guard let secret = environment[variable], !secret.isEmpty else {
                throw ReceiverConfigurationError("\(at): the variable \(variable) (verify.\(key)) is not set")
            }
            secrets.register(secret)
            values.append(secret)
        }
        guard !values.isEmpty else {
            throw ReceiverConfigurationError("\(at): verify.secret_env is required (the variable holding the secret)")
        }
        let header = verify["header"]?.stringValue
        let scheme: SignatureScheme
        switch name {
        case "github": scheme = .github
        case "gitlab": scheme = .gitlab
        case "slack": scheme = .slack
        case "pagerduty": scheme = .pagerduty
        case "sentry": scheme = .sentry
        case "bearer": scheme = .bearer
        case "timestamped": scheme = .timestamped(header: header ?? "Cordum-Signature")
        case "hmac":
            guard let header else { throw ReceiverConfigurationError("\(at): verify.header is required for hmac") }
            let algorithmName = verify["algorithm"]?.stringValue ?? "sha256"
            guard let algorithm = SignatureScheme.Algorithm(rawValue: algorithmName) else {
                throw ReceiverConfigurationError(
                    "\(at): verify.algorithm \"\(algorithmName)\" is not sha1, sha256 or sha512"
                )
            }
            let encodingName = verify["encoding"]?.stringValue ?? "hex"
            guard let encoding = SignatureScheme.Encoding(rawValue: encodingName) else {
                throw ReceiverConfigurationError("\(at): verify.encoding \"\(encodingName)\" is not hex or base64")
            }
            scheme = .hmac(
                SignatureScheme.GenericHMAC(
                    header: header,
                    algorithm: algorithm,
                    encoding: encoding,
                    prefix: verify["prefix"]?.stringValue ?? "",
                    timestampHeader: verify["timestamp_header"]?.stringValue,
                    separator: verify["separator"]?.stringValue ?? "."
                )
            )
        default:
            throw ReceiverConfigurationError(
                "\(at): verify.scheme \"\(name)\" is unknown; one of \(SignatureScheme.names.joined(separator: ", "))"
            )
        }
        let tolerance = verify["tolerance_seconds"]?.intValue ?? 300
        guard (1...86_400).contains(tolerance) else {
            throw ReceiverConfigurationError("\(at): verify.tolerance_seconds must be 1 to 86400")
        }
        return WebhookVerifier(scheme, secrets: values, tolerance: Int64(tolerance))
    }
}
