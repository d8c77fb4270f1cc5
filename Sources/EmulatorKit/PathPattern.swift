/// A path pattern for routes and fault rules.
///
/// Segments: a literal (`repos`), `*` (any one segment), `**` (any run of segments, possibly empty),
/// `{name}` (one segment, captured) and `{name...}` (one or more segments, captured joined with `/`). At most one
/// `**` or `{name...}` per pattern; fixed segments may follow it (`/commits/{ref...}/status`).
/// Matching is on decoded segments; a trailing slash is ignored.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    fileprivate enum Segment: Sendable, Hashable {
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
    /// - Throws: `EmulatorError.invalidFault(field: "path", ...)` when it does not start with `/`, or has more than
    ///   one `**` / `{name...}`.
    public init(_ pattern: String) throws(EmulatorError) {
        guard pattern.hasPrefix("/") else {
            throw .invalidFault(field: "path", message: "must start with `/` (got `\(pattern)`)")
        }
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var parsed: [Segment] = []
        for part in parts {
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
                guard !parsed.contains(where: \.isVariableLength) else {
                    throw .invalidFault(
                        field: "path",
                        message: "may hold only one `**` or `{name...}` segment (in `\(pattern)`)"
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
        guard let variable = segments.firstIndex(where: \.isVariableLength) else {
            guard parts.count == segments.count else { return nil }
            return matchFixed(segments[...], parts[...])
        }
        let tailCount = segments.count - variable - 1
        let minimum = segments[variable] == .rest ? 0 : 1
        guard parts.count >= variable + tailCount + minimum else { return nil }
        guard var captures = matchFixed(segments[..<variable], parts[..<variable]),
            let tail = matchFixed(segments[(variable + 1)...], parts[(parts.count - tailCount)...])
        else { return nil }
        captures.merge(tail) { first, _ in first }
        if case .restParameter(let name) = segments[variable] {
            captures[name] = parts[variable..<(parts.count - tailCount)].joined(separator: "/")
        }
        return captures
    }

    private func matchFixed(_ pattern: ArraySlice<Segment>, _ parts: ArraySlice<String>) -> [String: String]? {
        var captures: [String: String] = [:]
        for (segment, part) in zip(pattern, parts) {
            switch segment {
            case .literal(let literal):
                guard part == literal else { return nil }
            case .parameter(let name):
                captures[name] = part
            case .any, .rest, .restParameter:
                break
            }
        }
        return captures
    }
}

extension PathPattern.Segment {
    fileprivate var isVariableLength: Bool {
        switch self {
        case .rest, .restParameter: return true
        default: return false
        }
    }
}
