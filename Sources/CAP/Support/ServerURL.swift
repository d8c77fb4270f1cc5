import Foundation

/// The parts of a `scheme://user:password@host:port/path` URL that the clients need.
struct ServerURL: Sendable {
    var host: String
    var port: Int?
    var user: String?
    var password: String?
    var path: String

    /// Parses `text`, accepting only `scheme`; returns `nil` if it is not such a URL.
    init?(_ text: String, scheme: String) {
        guard let components = URLComponents(string: text),
            components.scheme?.lowercased() == scheme,
            let host = components.host, !host.isEmpty
        else { return nil }
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        if let port = components.port {
            guard (1...65535).contains(port) else { return nil }
            self.port = port
        }
        self.user = components.user.flatMap { $0.isEmpty ? nil : $0 }
        self.password = components.password.flatMap { $0.isEmpty ? nil : $0 }
        self.path = components.path
    }

    /// The URL without user information, safe for messages and logs.
    static func redacted(host: String, port: Int, scheme: String, hasCredentials: Bool) -> String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hasCredentials ? "***@" : "")\(shownHost):\(port)"
    }
}
