import Synchronization

/// The secret values a worker knows, and the one place that removes them from text leaving the worker.
///
/// WorkerKit scrubs every result, error message, progress message and log line it emits through the worker's
/// registry. Values read through `*_ENV` indirection or marked secret in ``WorkerConfiguration`` are registered
/// automatically; handlers register tokens they obtain at run time with ``register(_:)``.
///
/// A secret is also removed in the forms it takes when a handler encodes it: percent-encoded (with `+` for spaces),
/// JSON-escaped, and base64 (standard and URL-safe, with or without padding, also inside a longer base64 value).
public final class SecretRegistry: Sendable {
    /// What replaces a secret value.
    public static let mask = "[REDACTED]"

    /// The registered secrets, and every form of each, longest first.
    private let values = Mutex<(secrets: [String], forms: [String])>(([], []))

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
        guard values.withLock({ !$0.secrets.contains(secret) }) else { return }
        let forms = SecretForms.all(of: secret)
        values.withLock { values in
            guard !values.secrets.contains(secret) else { return }
            values.secrets.append(secret)
            for form in forms where !values.forms.contains(form) { values.forms.append(form) }
            // Longest first, so a secret containing another is masked whole.
            values.forms.sort { $0.utf8.count > $1.utf8.count }
        }
    }

    /// How many secrets are registered.
    public var count: Int { values.withLock { $0.secrets.count } }

    /// `text` with every registered secret, in each of its forms, replaced by ``mask``.
    public func scrub(_ text: String) -> String {
        let forms = allValues
        var result = text
        for form in forms where result.contains(form) {
            result = result.replacing(form, with: Self.mask)
        }
        return result
    }

    /// Every form of the registered values, longest first.
    var allValues: [String] { values.withLock { $0.forms } }

    /// Whether `text` contains a registered secret in one of its forms.
    public func containsSecret(_ text: String) -> Bool {
        allValues.contains { text.contains($0) }
    }
}
