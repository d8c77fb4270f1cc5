import Foundation
public import Hummingbird

/// Reading query parameters with errors that name the parameter.
public struct QueryParameters: Sendable {
    private let values: [String: String]

    /// The request's query parameters (percent-decoded; the last of repeated names wins).
    public init(_ request: Request) {
        var values: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            values[String(name)] = String(value)
        }
        self.values = values
    }

    /// A parameter's text (nil when absent or empty).
    public func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// A boolean parameter (`true`/`false`/`1`/`0`; absent is `false`).
    public func bool(_ name: String) throws(HostError) -> Bool {
        guard let value = string(name) else { return false }
        switch value.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw HostError(.invalidArgument, "query parameter \(name) must be true or false, not \(value)")
        }
    }

    /// An integer parameter within `range`, or `defaultValue` when absent.
    public func int(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws(HostError) -> Int {
        guard let text = string(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw HostError(
                .invalidArgument,
                "query parameter \(name) must be an integer from \(range.lowerBound) to \(range.upperBound), not \(text)"
            )
        }
        return value
    }
}

extension Parameters {
    /// A path parameter, percent-decoded (`%2F` is a `/` inside an id).
    func decoded(_ name: String) throws(HostError) -> String {
        guard let raw = get(name), let value = raw.removingPercentEncoding, !value.isEmpty else {
            throw HostError(.invalidArgument, "the path parameter \(name) is missing or not valid percent-encoding")
        }
        return value
    }
}
