import Synchronization

/// The secret values a worker knows, and the one place that removes them from text leaving the worker.
///
/// WorkerKit scrubs every result, error message, progress message and log line it emits through the worker's
/// registry. Values read through `*_ENV` indirection or marked secret in ``WorkerConfiguration`` are registered
/// automatically; handlers register tokens they obtain at run time with ``register(_:)``.
public final class SecretRegistry: Sendable {
    /// What replaces a secret value.
    public static let mask = "[REDACTED]"

    private let values = Mutex<[String]>([])

    /// An empty registry.
    public init() {}

    /// A registry holding `secrets`.
    public convenience init(_ secrets: some Sequence<String>) {
        self.init()
        for secret in secrets { register(secret) }
    }

    /// Adds a secret value; empty strings are ignored.
    public func register(_ secret: String) {
        guard !secret.isEmpty else { return }
        values.withLock { values in
            guard !values.contains(secret) else { return }
            values.append(secret)
            // Longest first, so a secret containing another is masked whole.
            values.sort { $0.count > $1.count }
        }
    }

    /// How many secrets are registered.
    public var count: Int { values.withLock { $0.count } }

    /// `text` with every registered secret replaced by ``mask``.
    public func scrub(_ text: String) -> String {
        let secrets = values.withLock { $0 }
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.mask)
        }
        return result
    }

    /// The registered values, longest first.
    var allValues: [String] { values.withLock { $0 } }

    /// Whether `text` contains a registered secret.
    public func containsSecret(_ text: String) -> Bool {
        values.withLock { $0 }.contains { text.contains($0) }
    }
}
