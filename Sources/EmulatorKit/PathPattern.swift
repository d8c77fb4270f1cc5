/// A path pattern for routes and fault rules.
///
/// Segments: a literal (`repos`), `*` (any one segment), `**` (any rest, possibly empty, only last),
/// `{name}` (one segment, captured) and `{name...}` (one or more segments, captured joined with `/`, only last).
/// Matching is on decoded segments; a trailing slash is ignored.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    private enum Segment: Sendable, Hashable {
        case literal(String)
        case any
        case rest
        case parameter(String)
        case restParameter(String)
    }

    private let segments: [Segment]
    /// The pattern as written.
    public let description: String

    /// Parses a pattern.
    /// - Throws: `EmulatorError.invalidFault(field: "path", ...)` when it does not start with `/`, or `**` /
    ///   `{name...}` is not the last segment.
    public init(_ pattern: String) throws(EmulatorError) {
        guard pattern.hasPrefix("/") else {
            throw .invalidFault(field: "path", message: "must start with `/` (got `\(pattern)`)")
        }
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var parsed: [Segment] = []
        for (index, part) in parts.enumerated() {
            let segment: Segment
            if part == "*" {
                segment = .any
            } else if part == "**" {
                segment = .rest
            } else if part.hasPrefix("{"), part.hasSuffix("...}") {
                segment = .restParameter(String(part.dropFirst().dropLast(4)))
            } else if part.hasPrefix("{"), part.hasSuffix("}") {
                segment = .parameter(String(part.dropFirst().dropLast()))
            } else {
                segment = .literal(PercentDecoding.decode(part))
            }
            switch segment {
            case .rest, .restParameter:
                guard index == parts.count - 1 else {
                    throw .invalidFault(
                        field: "path",
                        message: "`\(part)` may only be the last segment (in `\(pattern)`)"
                    )
                }
            default: break
            }
            parsed.append(segment)
        }
        self.segments = parsed
        self.description = pattern
    }

    /// The captured parameters when `path` (percent-encoded, without query) matches, else `nil`.
    public func match(_ path: String) -> [String: String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map {
            PercentDecoding.decode(String($0))
        }
        return match(segments: parts)
    }

    /// The captured parameters when the decoded segments match, else `nil`.
    public func match(segments parts: [String]) -> [String: String]? {
        var captures: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest:
                return captures
            case .restParameter(let name):
                guard index < parts.count else { return nil }
                captures[name] = parts[index...].joined(separator: "/")
                return captures
            case .literal(let literal):
                guard index < parts.count, parts[index] == literal else { return nil }
            case .any:
                guard index < parts.count else { return nil }
            case .parameter(let name):
                guard index < parts.count else { return nil }
                captures[name] = parts[index]
            }
        }
        return parts.count == segments.count ? captures : nil
    }
}
