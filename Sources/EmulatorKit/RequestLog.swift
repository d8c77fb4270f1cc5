import Synchronization

/// The requests an emulator received, oldest first, bounded; credentials in headers are redacted.
public final class RequestLog: Sendable {
    /// Header names whose values are always redacted (`authorization` keeps its scheme: `Bearer [REDACTED]`).
    public static let redactedHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "private-token",
        "x-auth-token",
    ]

    /// Parts of header names that mark a credential (`x-secret-token`, `x-org-api-key`, `x-application-key`,
    /// `x-client-secret`, ...): such headers are redacted too.
    public static let credentialNameParts = [
        "token", "key", "secret", "password", "credential", "session", "signature",
    ]

    /// Header names with such a part that are not credentials, kept as sent (`x-atlassian-token` is Atlassian's
    /// XSRF opt-out, always `no-check`).
    public static let notCredentialNames: Set<String> = [
        "idempotency-key", "x-idempotency-key", "sec-websocket-key", "x-atlassian-token",
    ]

    /// The header names this log redacts besides ``redactedHeaderNames`` and names with a ``credentialNameParts``.
    public let extraRedactedHeaderNames: Set<String>

    private struct Storage {
        var entries: [RecordedRequest] = []
        var nextSequence = 1
    }

    private let storage = Mutex(Storage())
    /// The most entries kept (older ones are dropped).
    public let capacity: Int

    /// Creates an empty log keeping at most `capacity` entries.
    /// - Parameters:
    ///   - capacity: the most entries kept.
    ///   - redacting: more header names whose values are credentials (any case).
    public init(capacity: Int = 10_000, redacting: Set<String> = []) {
        self.capacity = max(1, capacity)
        self.extraRedactedHeaderNames = Set(redacting.map { $0.lowercased() })
    }

    /// Whether a header's value is redacted in the log.
    public func redacts(_ name: String) -> Bool {
        let name = name.lowercased()
        if Self.redactedHeaderNames.contains(name) || extraRedactedHeaderNames.contains(name) { return true }
        return !Self.notCredentialNames.contains(name) && Self.credentialNameParts.contains { name.contains($0) }
    }

    /// All entries, oldest first.
    public var entries: [RecordedRequest] {
        storage.withLock { $0.entries }
    }

    /// Entries with the given method and a path matching `pattern` (a ``PathPattern``; invalid → none).
    public func entries(method: String? = nil, path pattern: String) -> [RecordedRequest] {
        guard let matcher = try? PathPattern(pattern) else { return [] }
        return entries.filter {
            (method == nil || $0.method == method?.uppercased()) && matcher.match($0.path) != nil
        }
    }

    /// Forgets every entry (sequence numbers start at 1 again).
    public func clear() {
        storage.withLock { $0 = Storage() }
    }

    /// Records a request; returns its sequence number (for ``complete(_:status:faultID:requestID:headers:body:)``).
    @discardableResult
    public func record(_ request: EmulatorRequest) -> Int {
        let headers = Dictionary(
            uniqueKeysWithValues: request.headers.map { name, value in
                (name, !redacts(name) ? value : name.hasSuffix("authorization") ? Self.redact(value) : "[REDACTED]")
            }
        )
        return storage.withLock { storage in
            let sequence = storage.nextSequence
            storage.nextSequence += 1
            storage.entries.append(
                RecordedRequest(
                    sequence: sequence,
                    method: request.method,
                    path: request.path,
                    query: request.query,
                    headers: headers,
                    body: request.bodyText
                )
            )
            if storage.entries.count > capacity {
                storage.entries.removeFirst(storage.entries.count - capacity)
            }
            return sequence
        }
    }

    /// Notes the answer to a recorded request: its status, the fault rule that answered, its request id, and its
    /// headers and body (for contract checks).
    public func complete(
        _ sequence: Int,
        status: Int,
        faultID: String? = nil,
        requestID: String? = nil,
        headers: [String: String] = [:],
        body: [UInt8] = []
    ) {
        storage.withLock { storage in
            guard let index = storage.entries.lastIndex(where: { $0.sequence == sequence }) else { return }
            storage.entries[index].status = status
            storage.entries[index].responseHeaders = headers
            storage.entries[index].responseBody = String(decoding: body, as: UTF8.self)
            if let faultID { storage.entries[index].faultID = faultID }
            if let requestID { storage.entries[index].requestID = requestID }
        }
    }

    /// The entry answered with a request id.
    public func entry(requestID: String) -> RecordedRequest? {
        storage.withLock { storage in storage.entries.last { $0.requestID == requestID } }
    }

    /// A credential header value with the secret removed: `Bearer abc` → `Bearer [REDACTED]`.
    public static func redact(_ value: String) -> String {
        let parts = value.split(separator: " ", maxSplits: 1)
        if parts.count == 2, parts[0].allSatisfy({ $0.isLetter }) {
            return "\(parts[0]) [REDACTED]"
        }
        return "[REDACTED]"
    }
}
