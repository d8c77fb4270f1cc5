public import Foundation
public import NIOHTTP1
public import StructuredData

/// GitHub's rate-limit headers of one answer (`x-ratelimit-limit`, `-remaining`, `-reset`, `-used`, `-resource`).
public struct RateLimitInfo: Sendable, Hashable {
    /// Requests allowed per window.
    public var limit: Int?
    /// Requests left.
    public var remaining: Int?
    /// When the window resets, epoch seconds.
    public var reset: Int?
    /// Requests used.
    public var used: Int?
    /// The limited resource (`core`, `search`, …).
    public var resource: String?

    /// Reads the headers; `nil` when GitHub sent none.
    public init?(headers: HTTPHeaders) {
        func integer(_ name: String) -> Int? { headers.first(name: name).flatMap { Int($0) } }
        limit = integer("x-ratelimit-limit")
        remaining = integer("x-ratelimit-remaining")
        reset = integer("x-ratelimit-reset")
        used = integer("x-ratelimit-used")
        resource = headers.first(name: "x-ratelimit-resource")
        if limit == nil, remaining == nil, reset == nil, resource == nil { return nil }
    }

    /// The `rate_limit` member of a job output.
    public var json: JSONValue {
        var object: [String: JSONValue] = [:]
        if let limit { object["limit"] = .integer(limit) }
        if let remaining { object["remaining"] = .integer(remaining) }
        if let reset { object["reset"] = .integer(reset) }
        if let used { object["used"] = .integer(used) }
        if let resource { object["resource"] = .string(resource) }
        return .object(object)
    }

    /// The reset time, if known.
    public var resetDate: Date? { reset.map { Date(timeIntervalSince1970: TimeInterval($0)) } }
}
