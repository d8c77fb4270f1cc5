import PackFormat

/// One entry of `requires_packs`: a pack id, optionally with a version constraint after `@`
/// (`github`, `github@0.2.0`, `github@>=0.2.0,<0.3.0`). Comparators are `=`, `>`, `>=`, `<`, `<=`; a bare
/// version means `=`. Versions compare as `MAJOR.MINOR[.PATCH][-prerelease]`.
struct PackRequirement: Sendable, Hashable {
    /// The pack id.
    var packID: String
    /// The constraint as written (empty for any version).
    var constraint: String

    /// Parses an entry.
    init(_ text: String) {
        let trimmed = text.trimmingSpaces
        if let at = trimmed.firstIndex(of: "@") {
            packID = String(trimmed[..<at]).trimmingSpaces
            constraint = String(trimmed[trimmed.index(after: at)...]).trimmingSpaces
        } else {
            packID = trimmed
            constraint = ""
        }
    }

    /// Whether `version` satisfies the constraint.
    /// - Throws: `invalid_argument` when the constraint does not parse.
    func allows(_ version: String) throws(HostError) -> Bool {
        guard !constraint.isEmpty else { return true }
        for part in constraint.split(separator: ",") {
            var text = Substring(String(part).trimmingSpaces)
            var comparator = "="
            for candidate in [">=", "<=", ">", "<", "="] where text.hasPrefix(candidate) {
                comparator = candidate
                text = text.dropFirst(candidate.count)
                break
            }
            guard let bound = CoreVersion(String(text)) else {
                throw HostError(
                    .invalidArgument,
                    "requires_packs \"\(packID)@\(constraint)\": \"\(text)\" is not a version; "
                        + "write e.g. \(packID)@>=0.2.0,<0.3.0"
                )
            }
            guard let installed = CoreVersion(version) else { return false }
            let holds: Bool
            switch comparator {
            case ">=": holds = installed >= bound
            case "<=": holds = installed <= bound
            case ">": holds = installed > bound
            case "<": holds = installed < bound
            default: holds = installed == bound
            }
            if !holds { return false }
        }
        return true
    }
}
