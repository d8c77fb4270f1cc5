/// Errors of the emulator machinery itself (not vendor answers).
public enum EmulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A request body that should be JSON is not; the parser's message.
    case invalidJSON(String)
    /// A fault rule is invalid: the field and what would be valid.
    case invalidFault(field: String, message: String)
    /// The server could not start (bind failure or early exit); the reason.
    case startFailed(String)
    /// `POST /_emulator/reset` could not put the vendor state back (its seed failed); the reason.
    case resetFailed(String)

    /// A stable code for the error, also the `code` field of control endpoint answers.
    public var code: String {
        switch self {
        case .invalidJSON: return "invalid_json"
        case .invalidFault: return "invalid_fault"
        case .startFailed: return "start_failed"
        case .resetFailed: return "reset_failed"
        }
    }

    /// A readable message.
    public var description: String {
        switch self {
        case .invalidJSON(let message): return "the request body is not valid JSON: \(message)"
        case .invalidFault(let field, let message): return "invalid fault rule: `\(field)` \(message)"
        case .startFailed(let reason): return "the emulator could not start: \(reason)"
        case .resetFailed(let reason): return "the emulator could not reset its state: \(reason)"
        }
    }
}
