import Foundation

/// Finds the operation a request is for: the server base path, then the path template, preferring literal
/// segments over templated ones (`/users/me` beats `/users/{id}`).
struct OperationRouter: Sendable {
    /// A route: one operation under one base path.
    private struct Route: Sendable {
        var operation: Int
        var base: [String]
        var segments: [PathSegment]
    }

    private let routes: [String: [Route]]

    init(_ operations: [APIOperation], basePath: String? = nil) {
        var routes: [String: [Route]] = [:]
        for (index, operation) in operations.enumerated() {
            let segments = Self.split(operation.pathTemplate).map(PathSegment.init)
            for base in basePath.map({ [$0] }) ?? operation.basePaths {
                routes[operation.method, default: []].append(
                    Route(operation: index, base: Self.split(base), segments: segments)
                )
            }
        }
        self.routes = routes
    }

    /// The index of the operation for `method` and `path` (no query), with the path parameters' raw
    /// (still percent-encoded) values; `nil` when none matches. A placeholder that fills a whole segment may
    /// also take several segments (`/contents/{path}` for `/contents/docs/a.md`, as GitHub's paths do), but only
    /// when no route matches segment for segment.
    func match(method: String, path: String) -> (operation: Int, parameters: [String: String])? {
        let segments = Self.split(path)
        let candidates = routes[method.uppercased()] ?? []
        return best(candidates, segments, spanning: false) ?? best(candidates, segments, spanning: true)
    }

    private func best(
        _ candidates: [Route],
        _ segments: [String],
        spanning: Bool
    ) -> (operation: Int, parameters: [String: String])? {
        var best: (route: Route, parameters: [String: String], score: [Int])?
        for route in candidates {
            guard segments.count >= route.base.count + route.segments.count,
                spanning || segments.count == route.base.count + route.segments.count,
                Array(segments.prefix(route.base.count)) == route.base
            else { continue }
            var parameters: [String: String] = [:]
            var score = [route.base.count]
            guard
                Self.match(
                    Array(segments.dropFirst(route.base.count))[...],
                    route.segments[...],
                    &parameters,
                    &score
                )
            else { continue }
            if let current = best, !current.score.lexicographicallyPrecedes(score) { continue }
            best = (route, parameters, score)
        }
        return best.map { ($0.route.operation, $0.parameters) }
    }

    /// Matches segments to patterns; a lone placeholder may take several segments (fewest first).
    private static func match(
        _ segments: ArraySlice<String>,
        _ patterns: ArraySlice<PathSegment>,
        _ parameters: inout [String: String],
        _ score: inout [Int]
    ) -> Bool {
        guard let pattern = patterns.first else { return segments.isEmpty }
        guard let segment = segments.first else { return false }
        if let values = pattern.match(segment) {
            var trialParameters = parameters.merging(values) { first, _ in first }
            var trialScore = score + [pattern.literalWeight]
            if match(segments.dropFirst(), patterns.dropFirst(), &trialParameters, &trialScore) {
                parameters = trialParameters
                score = trialScore
                return true
            }
        }
        guard let name = pattern.loneVariable else { return false }
        let rest = patterns.count - 1
        var taken = 2
        while segments.count - taken >= rest {
            var trialParameters = parameters
            trialParameters[name] = segments.prefix(taken).joined(separator: "/")
            var trialScore = score + [-1]
            if match(segments.dropFirst(taken), patterns.dropFirst(), &trialParameters, &trialScore) {
                parameters = trialParameters
                score = trialScore
                return true
            }
            taken += 1
        }
        return false
    }

    /// Path segments without empty ones (`/a//b/` → `a`, `b`).
    static func split(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }
}

/// One segment of a path template: literal text and `{name}` placeholders.
struct PathSegment: Sendable {
    private enum Piece: Sendable {
        case literal(String)
        case variable(String)
    }

    private let pieces: [Piece]

    init(_ text: String) {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { pieces.append(.literal(String(rest[..<open]))) }
            pieces.append(.variable(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        self.pieces = pieces
    }

    /// The placeholder's name when the segment is one placeholder alone.
    var loneVariable: String? {
        if pieces.count == 1, case .variable(let name) = pieces[0] { return name }
        return nil
    }

    /// 2 for an all-literal segment, 1 for a segment mixing literals and placeholders, 0 for a placeholder alone.
    var literalWeight: Int {
        let literals = pieces.filter { if case .literal = $0 { true } else { false } }.count
        return literals == pieces.count ? 2 : (literals > 0 ? 1 : 0)
    }

    /// The placeholder values when `segment` matches, else `nil`.
    func match(_ segment: String) -> [String: String]? {
        var values: [String: String] = [:]
        var rest = Substring(segment)
        for (index, piece) in pieces.enumerated() {
            switch piece {
            case .literal(let text):
                guard rest.hasPrefix(text) else { return nil }
                rest = rest.dropFirst(text.count)
            case .variable(let name):
                if index + 1 < pieces.count, case .literal(let next) = pieces[index + 1] {
                    guard let end = rest.range(of: next) else { return nil }
                    values[name] = String(rest[..<end.lowerBound])
                    rest = rest[end.lowerBound...]
                } else {
                    values[name] = String(rest)
                    rest = rest.dropFirst(rest.count)
                }
                if values[name]?.isEmpty == true { return nil }
            }
        }
        return rest.isEmpty ? values : nil
    }
}
