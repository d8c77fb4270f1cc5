public import AsyncHTTPClient
import Crypto
public import Foundation
public import NIOCore
import NIOHTTP1
import StructuredData

/// Where a pack worker that decides approvals in a chat (Slack, Teams) reaches the pack host: the host's URL and
/// tenant, the API key of the event stream, and the outside-approval integration (id and secret) the host is
/// configured with (`HostConfiguration.approvalIntegrations`, docs/events.md).
///
/// Read from `CORDUM_<PACK>_HOST_URL`, `CORDUM_<PACK>_HOST_TENANT` (`default`), `CORDUM_<PACK>_HOST_API_KEY` (or
/// `…_API_KEY_ENV` naming the variable that holds it), `CORDUM_<PACK>_HOST_INTEGRATION` (the pack id) and
/// `CORDUM_<PACK>_HOST_INTEGRATION_SECRET` (or `…_SECRET_ENV`). Approvals from the chat are off unless the URL is
/// set. The key and the secret are registered with the worker's secrets and never logged.
public struct ApprovalHostSettings: Sendable {
    /// The host's base URL (`http://HOST:PORT`, with or without `/api/v1`).
    public var url: String
    /// The tenant the approvals belong to.
    public var tenant: String
    /// The API key for `GET /api/v1/events` (nil: the stream is not followed, buttons still decide).
    public var apiKey: String?
    /// The integration id (`Cordum-Integration`).
    public var integration: String
    /// The integration's secret.
    public var secret: String
    /// The chat the decisions come from, for the reason the host records (`decided in <vendor>`).
    public var vendor: String

    /// Settings.
    public init(
        url: String,
        tenant: String = "default",
        apiKey: String? = nil,
        integration: String,
        secret: String,
        vendor: String = "a chat"
    ) {
        self.url = url
        self.tenant = tenant
        self.apiKey = apiKey
        self.integration = integration
        self.secret = secret
        self.vendor = vendor
    }

    /// Reads the settings, or nil when `CORDUM_<PACK>_HOST_URL` is not set.
    /// - Parameters:
    ///   - environment: The variables.
    ///   - packID: The pack (`slack` → `CORDUM_SLACK_HOST_…`); also the default integration id.
    ///   - vendor: The chat's name for the recorded reason.
    ///   - secrets: Where the key and the secret are registered.
    /// - Throws: ``ConfigurationError`` naming the variable when the URL is not http(s), or the secret is missing or
    ///   shorter than 16 characters.
    public static func fromEnvironment(
        _ environment: [String: String],
        packID: String,
        vendor: String,
        secrets: SecretRegistry = SecretRegistry()
    ) throws(ConfigurationError) -> ApprovalHostSettings? {
        let prefix = WorkerConfiguration.variablePrefix(packID: packID) + "HOST_"
        guard let url = environment[prefix + "URL"], !url.isEmpty else { return nil }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
            parsed.host?.isEmpty == false
        else {
            throw ConfigurationError(
                code: .invalidValue,
                variable: prefix + "URL",
                message: "\(prefix)URL must be the host's http(s) URL, e.g. http://127.0.0.1:8081."
            )
        }
        func value(_ name: String) throws(ConfigurationError) -> String? {
            if let direct = environment[prefix + name], !direct.isEmpty { return direct }
            guard let variable = environment[prefix + name + "_ENV"], !variable.isEmpty else { return nil }
            guard let indirect = environment[variable], !indirect.isEmpty else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: prefix + name + "_ENV",
                    message: "\(prefix)\(name)_ENV names \(variable), which is not set."
                )
            }
            return indirect
        }
        let apiKey = try value("API_KEY")
        guard let secret = try value("INTEGRATION_SECRET"), secret.count >= 16 else {
            throw ConfigurationError(
                code: .invalidValue,
                variable: prefix + "INTEGRATION_SECRET_ENV",
                message:
                    "\(vendor) approvals through the host need the integration's secret (at least 16 characters) in \(prefix)INTEGRATION_SECRET_ENV."
            )
        }
        if let apiKey { secrets.register(apiKey) }
        secrets.register(secret)
        let tenant = environment[prefix + "TENANT"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let integration = environment[prefix + "INTEGRATION"].flatMap { $0.isEmpty ? nil : $0 } ?? packID
        return ApprovalHostSettings(
            url: url,
            tenant: tenant,
            apiKey: apiKey,
            integration: integration,
            secret: secret,
            vendor: vendor
        )
    }

    /// `<url>/api/v1`.
    var apiRoot: String {
        var root = url
        while root.hasSuffix("/") { root.removeLast() }
        return root.hasSuffix("/api/v1") ? root : root + "/api/v1"
    }
}

/// Decides approvals through the host's outside-approval endpoint, `POST /api/v1/approvals/callback`: the body
/// names the tenant, exactly the approval id and digest the button carried, the decision and the person (the
/// chat's user id), signed with `Cordum-Signature: t=<ts>,v1=<hex HMAC-SHA256 of "<ts>.<body>">` under the integration's
/// secret. The host maps the person to a principal through the integration's `people` (the authority: the
/// principal it records is the one reported back), checks the digest, and applies separation of duties.
///
/// Written here on AsyncHTTPClient and swift-crypto: the signature is two lines, and the worker does not link the
/// host's own client (`PackHost`).
public struct HostApprovalDecider: ApprovalDeciding {
    let settings: ApprovalHostSettings
    let http: HTTPClient
    let timeout: TimeAmount
    let now: @Sendable () -> Date

    /// A decider.
    /// - Parameters:
    ///   - settings: The host and the integration.
    ///   - http: The HTTP client (default: the shared one).
    ///   - timeout: The limit of one callback (Slack waits 3 s for the receiver's answer, Teams 5 s).
    ///   - now: The clock the signature's timestamp comes from (the host refuses one 5 minutes away from its own).
    public init(
        settings: ApprovalHostSettings,
        http: HTTPClient = .shared,
        timeout: TimeAmount = .milliseconds(2_500),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.settings = settings
        self.http = http
        self.timeout = timeout
        self.now = now
    }

    /// Why the host refused a decision.
    public struct Refused: Error, Sendable, CustomStringConvertible {
        /// The HTTP status.
        public var status: Int
        /// The host's error code (`forbidden`, `conflict`, …).
        public var code: String
        /// The host's message.
        public var message: String

        public var description: String { "the host refused (\(status) \(code)): \(message)" }
    }

    public func decide(
        approval: String,
        digest: String,
        approve: Bool,
        person: String,
        principal: String
    ) async throws -> ApprovalDecision {
        let body = JSONEncoding.compact([
            "tenant": .string(settings.tenant), "approval_id": .string(approval), "digest": .string(digest),
            "decision": .string(approve ? "approve" : "reject"), "person": .string(person),
            "reason": .string("decided in \(settings.vendor)"),
        ])
        var request = HTTPClientRequest(url: settings.apiRoot + "/approvals/callback")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Cordum-Integration", value: settings.integration)
        request.headers.add(
            name: "Cordum-Signature",
            value: Self.signature(Array(body.utf8), secret: settings.secret, at: now())
        )
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await http.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let json = (try? JSONParser.parse(String(buffer: bytes))) ?? .null
        guard response.status == .ok else {
            throw Refused(
                status: Int(response.status.code),
                code: json["error"]?["code"]?.stringValue ?? "unknown",
                message: json["error"]?["message"]?.stringValue ?? "HTTP \(response.status.code)"
            )
        }
        let status = json["status"]?.stringValue ?? "unknown"
        let outcome = status == "consumed" ? "approved" : status
        let grants = json["grants"]?.arrayValue ?? []
        let recorded =
            json["decided_by"]?.stringValue ?? grants.last?["principal"]?.stringValue ?? principal
        return ApprovalDecision(outcome: outcome, principal: recorded)
    }

    /// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
    static func signature(_ body: [UInt8], secret: String, at date: Date) -> String {
        let timestamp = String(Int(date.timeIntervalSince1970))
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("\(timestamp).".utf8) + body,
            using: SymmetricKey(data: Data(secret.utf8))
        )
        return "t=\(timestamp),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }
}
