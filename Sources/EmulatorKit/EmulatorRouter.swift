/// Routes requests by method and ``PathPattern`` to handlers; the first route added that matches wins.
public struct EmulatorRouter: Sendable {
    /// A route handler: the request and the captured path parameters.
    public typealias Handler = @Sendable (EmulatorRequest, RouteParameters) async throws -> EmulatorResponse

    private struct Route: Sendable {
        let method: String
        let pattern: PathPattern
        let handler: Handler
    }

    private var routes: [Route] = []

    /// Creates an empty router.
    public init() {}

    /// Adds a route.
    /// - Precondition: `pattern` is a valid ``PathPattern`` (a programming error otherwise).
    public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        do {
            routes.append(Route(method: method.uppercased(), pattern: try PathPattern(pattern), handler: handler))
        } catch {
            preconditionFailure("invalid route pattern \(pattern): \(error)")
        }
    }

    /// The answer of the first matching route, or `nil` when no route matches the method and path.
    public func route(_ request: EmulatorRequest) async throws -> EmulatorResponse? {
        let segments = request.pathSegments
        for route in routes where route.method == request.method || (route.method == "GET" && request.method == "HEAD")
        {
            if let captures = route.pattern.match(segments: segments) {
                return try await route.handler(request, RouteParameters(captures))
            }
        }
        return nil
    }

    /// Whether some route matches the path with another method (for `405` answers).
    public func hasRoute(forPathOf request: EmulatorRequest) -> Bool {
        let segments = request.pathSegments
        return routes.contains { $0.pattern.match(segments: segments) != nil }
    }
}

/// The parameters a route captured from the path.
public struct RouteParameters: Sendable {
    /// Captured values by parameter name.
    public let values: [String: String]

    /// Creates parameters.
    public init(_ values: [String: String]) {
        self.values = values
    }

    /// A captured value (empty string when the route has no such parameter: a programming error in the route).
    public subscript(_ name: String) -> String {
        values[name] ?? ""
    }

    /// A captured value as an integer, or `nil` when it is not one.
    public func int(_ name: String) -> Int? {
        values[name].flatMap { Int($0) }
    }
}
