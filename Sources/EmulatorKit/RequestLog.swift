import Synchronization

/// The requests an emulator received, oldest first, bounded; credentials in headers are redacted.
public final class RequestLog: Sendable {
    /// Header names whose values are redacted (`authorization` keeps its scheme: `Bearer [REDACTED]`).
    public static let redactedHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "private-token",
        "x-auth-token",
    ]

    private struct Storage {
        var entries: [RecordedRequest] = []
        var nextSequence = 1
    }

    private let storage = Mutex(Storage())
    /// The most entries kept (older ones are dropped).
    public let capacity: Int

    /// Creates an empty log keeping at most `capacity` entries.
    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
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

    /// Records a request; returns its sequence number (for ``complete(_:status:faultID:headers:body:)``).
    @discardableResult
    public func record(_ request: EmulatorRequest) -> Int {
        let headers = Dictionary(
            uniqueKeysWithValues: request.headers.map { name, value in
                (name, Self.redactedHeaderNames.contains(name) ? Self.redact(value) : value)
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

    /// Notes the answer to a recorded request (its headers and body too, for contract checks).
    public func complete(
        _ sequence: Int,
        status: Int,
        faultID: String? = nil,
        headers: [String: String] = [:],
        body: [UInt8] = []
    ) {
        storage.withLock { storage in
            guard let index = storage.entries.lastIndex(where: { $0.sequence == sequence }) else { return }
            storage.entries[index].status = status
            storage.entries[index].responseHeaders = headers
            storage.entries[index].responseBody = String(decoding: body, as: UTF8.self)
            if let faultID { storage.entries[index].faultID = faultID }
        }
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
