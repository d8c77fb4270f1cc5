import Foundation
public import WorkflowEngine

extension LockMode {
    /// Parses a lock request's `mode`: `shared` or `exclusive` in any case (Cordum's SDK sends `SHARED` and
    /// `EXCLUSIVE`); omitted or empty means `exclusive` (Cordum's default). The mode type is the engine's, so a step's declared lock passes straight to ``LockStore``.
    /// - Throws: `invalid_argument` for any other string (Cordum treats every other string as exclusive).
    public init(parsing text: String?) throws(HostError) {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            self = .exclusive
            return
        }
        guard let mode = LockMode(rawValue: trimmed.lowercased()) else {
            throw HostError(.invalidArgument, "unknown lock mode \"\(trimmed)\"; valid modes: shared, exclusive")
        }
        self = mode
    }
}
