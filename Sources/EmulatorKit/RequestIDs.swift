import Synchronization

/// A request id on every answer, in a header of the vendor's choosing (`x-request-id`, `request-id`,
/// `x-req-id`, ...), also recorded in the ``RequestLog``.
public struct RequestIDPolicy: Sendable {
    /// The header name (lowercased).
    public var header: String
    /// Makes the id of the n-th request since the last reset (n starts at 1).
    public var make: @Sendable (_ sequence: Int) -> String

    /// Creates a policy.
    /// - Parameters:
    ///   - header: the header name.
    ///   - make: the id of the n-th request (default: a UUID-shaped id from the sequence number, unique per reset).
    public init(header: String, make: @escaping @Sendable (_ sequence: Int) -> String = RequestIDPolicy.uuidShaped) {
        self.header = header.lowercased()
        self.make = make
    }

    /// A UUID-shaped id whose last part is the sequence number: `00000000-0000-4000-8000-00000000002a`.
    public static let uuidShaped: @Sendable (Int) -> String = { sequence in
        let hex = String(UInt64(truncatingIfNeeded: sequence), radix: 16)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex.suffix(12)
    }
}

/// The request id of the request being answered, for handlers that also put it in a body.
public enum RequestID {
    /// The id of the request being answered (set by ``EmulatorPipeline`` when it has a ``RequestIDPolicy``).
    @TaskLocal public static var current: String?
}

/// Hands out request ids in order; reset with the emulator.
final class RequestIDCounter: Sendable {
    private let next = Mutex(1)

    func take() -> Int {
        next.withLock { value in
            defer { value = value == Int.max ? 1 : value + 1 }
            return value
        }
    }

    func reset() {
        next.withLock { $0 = 1 }
    }
}
