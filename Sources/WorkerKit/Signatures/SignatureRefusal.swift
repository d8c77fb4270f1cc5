/// Why a signed request was refused. Messages name the header and what a valid value looks like; they never
/// repeat a secret, an expected signature or the value received.
public struct SignatureRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal.
    public enum Code: String, Sendable, Hashable {
        /// A header the scheme needs is absent.
        case missingHeader = "missing_header"
        /// A header is present but not in the scheme's form.
        case malformed
        /// The timestamp is outside the tolerance.
        case stale
        /// No signature (or token) matches.
        case mismatch
        /// The same signature was accepted before, within the window.
        case replay
    }

    /// The kind.
    public var code: Code
    /// The header at fault, when one is.
    public var header: String?
    /// One sentence for the sender's operator.
    public var message: String

    /// A refusal.
    public init(_ code: Code, header: String? = nil, _ message: String) {
        self.code = code
        self.header = header
        self.message = message
    }

    public var description: String { message }
}
