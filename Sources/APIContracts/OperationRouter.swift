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
    /// (still percent-encoded) values; `nil` when none matches.
    func match(method: String, path: String) -> (operation: Int, parameters: [String: String])? {
        let segments = Self.split(path)
        var best: (route: Route, parameters: [String: String], score: [Int])?
        for route in routes[method.uppercased()] ?? [] {
            guard segments.count == route.base.count + route.segments.count,
                Array(segments.prefix(route.base.count)) == route.base
            else { continue }
            var parameters: [String: String] = [:]
            var score = [route.base.count]
            var matched = true
            for (segment, pattern) in zip(segments.dropFirst(route.base.count), route.segments) {
                guard let values = pattern.match(segment) else {
                    matched = false
                    break
                }
                parameters.merge(values) { first, _ in first }
                score.append(pattern.literalWeight)
            }
            guard matched else { continue }
            if let current = best, !current.score.lexicographicallyPrecedes(score) { continue }
            best = (route, parameters, score)
        }
        return best.map { ($0.route.operation, $0.parameters) }
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
