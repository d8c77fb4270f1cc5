public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where webhook subscriptions may deliver. Any `http`/`https` URL whose host resolves only to public
/// addresses is accepted; loopback, link-local (including the cloud metadata address 169.254.169.254),
/// private, unspecified and multicast addresses, and names such as `localhost` or `metadata.google.internal`,
/// are refused unless their host is listed in ``allowedHosts`` — so a subscription cannot make the host probe
/// its own network (SSRF). The check runs when a subscription is created and again before every delivery,
/// so a name that later resolves to an internal address is still refused.
public struct WebhookAllowList: Sendable, Hashable {
    /// Host names or address literals allowed even when internal (`127.0.0.1`, `hooks.internal`).
    public var allowedHosts: Set<String>

    /// Creates an allow list.
    public init(allowedHosts: Set<String> = []) {
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
    }

    /// Checks `text` as a delivery URL.
    /// - Throws: `invalid_argument` for a URL that is not absolute `http`/`https`, or `forbidden` for one whose
    ///   host is internal and not allowed.
    public func check(_ text: String) throws(HostError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let rawHost = url.host, !rawHost.isEmpty
        else {
            throw HostError(.invalidArgument, "url must be an absolute http or https URL, not \"\(text)\"")
        }
        let host = rawHost.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if allowedHosts.contains(host) { return url }
        let refusal = { (why: String) in
            HostError(
                .forbidden,
                "url \(text) is refused: \(why); an operator can allow the host with packctl serve "
                    + "--allow-webhook-host \(host)"
            )
        }
        if ["localhost", "metadata", "metadata.google.internal"].contains(host) || host.hasSuffix(".localhost") {
            throw refusal("\(host) is an internal name")
        }
        let addresses = Self.resolve(host)
        guard !addresses.isEmpty else { throw HostError(.invalidArgument, "url host \(host) does not resolve") }
        for address in addresses where Self.isInternal(address) {
            throw refusal("\(host) resolves to the internal address \(address)")
        }
        return url
    }

    /// Whether an address literal is loopback, link-local, private, unspecified or multicast.
    static func isInternal(_ address: String) -> Bool {
        if address.contains(":") {
            let lower = address.lowercased()
            if lower == "::1" || lower == "::" { return true }
            if lower.hasPrefix("::ffff:") { return isInternal(String(lower.dropFirst(7))) }
            let first = lower.split(separator: ":").first.flatMap { UInt16($0, radix: 16) } ?? 0
            return first & 0xffc0 == 0xfe80 || first & 0xfe00 == 0xfc00 || first & 0xff00 == 0xff00
        }
        let parts = address.split(separator: ".").compactMap { UInt8($0) }
        guard parts.count == 4 else { return true }
        switch (parts[0], parts[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168): return true
        case (172, 16...31), (100, 64...127): return true
        case (224...255, _): return true
        default: return false
        }
    }

    /// The addresses `host` resolves to (itself when it is an address literal).
    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &results) == 0, let first = results else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if let address = entry.pointee.ai_addr,
                getnameinfo(address, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST)
                    == 0
            {
                addresses.append(
                    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                )
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }
}
