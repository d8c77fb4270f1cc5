import Foundation

/// Reads and replaces one parameter in the query of an absolute URL, keeping every other byte of the URL as it
/// was. Written here rather than with `URLComponents`, which re-encodes the whole query and so would change the
/// parameters a vendor signed or compares.
enum URLQuery {
    /// The percent-decoded value of the first parameter called `name`, or `nil`.
    static func value(of name: String, in url: String) -> String? {
        let (_, query, _) = parts(url)
        for pair in query?.split(separator: "&") ?? [] {
            let (key, value) = split(pair)
            if decoded(key) == name { return decoded(value ?? "") }
        }
        return nil
    }

    /// `url` with the parameter `name` set to `value` (encoded): the first one replaced and any later ones
    /// removed, or appended when there is none.
    static func setting(_ name: String, to value: String, in url: String) -> String {
        let (head, query, fragment) = parts(url)
        let pair = URLEncoding.component(name) + "=" + URLEncoding.component(value)
        var pairs: [String] = []
        var replaced = false
        for existing in query?.split(separator: "&", omittingEmptySubsequences: true) ?? [] {
            if decoded(split(existing).key) == name {
                if !replaced { pairs.append(pair) }
                replaced = true
            } else {
                pairs.append(String(existing))
            }
        }
        if !replaced { pairs.append(pair) }
        return head + "?" + pairs.joined(separator: "&") + (fragment.map { "#" + $0 } ?? "")
    }

    /// The URL before its query, the query, and the fragment.
    private static func parts(_ url: String) -> (head: Substring, query: Substring?, fragment: Substring?) {
        var rest = Substring(url)
        var fragment: Substring?
        if let hash = rest.firstIndex(of: "#") {
            fragment = rest[rest.index(after: hash)...]
            rest = rest[..<hash]
        }
        guard let mark = rest.firstIndex(of: "?") else { return (rest, nil, fragment) }
        return (rest[..<mark], rest[rest.index(after: mark)...], fragment)
    }

    private static func split(_ pair: Substring) -> (key: Substring, value: Substring?) {
        guard let equals = pair.firstIndex(of: "=") else { return (pair, nil) }
        return (pair[..<equals], pair[pair.index(after: equals)...])
    }

    private static func decoded(_ text: Substring) -> String {
        let spaced = text.replacing("+", with: " ")
        return spaced.removingPercentEncoding ?? String(spaced)
    }
}
