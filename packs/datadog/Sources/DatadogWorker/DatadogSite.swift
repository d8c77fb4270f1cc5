/// Datadog's sites: each organization lives on one, and its API is `https://api.<site>`. A profile names its site
/// (`site`: the domain, or a short name such as `eu` or `us5`); `base_url` overrides it (a proxy, the emulator).
public enum DatadogSite {
    /// The sites by domain, with their short names.
    public static let sites: [(domain: String, names: [String])] = [
        ("datadoghq.com", ["us1", "us"]),
        ("us3.datadoghq.com", ["us3"]),
        ("us5.datadoghq.com", ["us5"]),
        ("datadoghq.eu", ["eu", "eu1"]),
        ("ap1.datadoghq.com", ["ap1"]),
        ("ap2.datadoghq.com", ["ap2"]),
        ("uk1.datadoghq.com", ["uk1"]),
        ("ddog-gov.com", ["gov", "us1-fed"]),
        ("us2.ddog-gov.com", ["us2-fed"]),
    ]

    /// The site every profile uses unless it names one.
    public static let defaultSite = "datadoghq.com"

    /// The domain of a site given by domain or short name (case-insensitive; `app.` and `https://` tolerated),
    /// or `nil` when it is none of Datadog's sites.
    public static func domain(_ text: String) -> String? {
        var name = text.lowercased()
        for prefix in ["https://", "http://", "api.", "app."] where name.hasPrefix(prefix) {
            name.removeFirst(prefix.count)
        }
        while name.hasSuffix("/") { name.removeLast() }
        return sites.first { $0.domain == name || $0.names.contains(name) }?.domain
    }

    /// The API base URL of a site's domain.
    public static func apiURL(domain: String) -> String { "https://api.\(domain)" }

    /// The sites, for messages: `datadoghq.com (us1), us3.datadoghq.com (us3), …`.
    static var described: String {
        sites.map { "\($0.domain) (\($0.names[0]))" }.joined(separator: ", ")
    }
}
