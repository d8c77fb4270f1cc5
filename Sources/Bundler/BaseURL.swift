import Foundation

/// The absolute http(s) URL a catalog's bundles are published under; entries point at
/// `<base>/packs/<id>/<version>/pack.tgz`.
public struct BaseURL: Sendable, Hashable, CustomStringConvertible {
    /// The URL, without a trailing `/`.
    public let text: String

    /// Cordum's official catalog host, the default.
    public static let official = "https://packs.cordum.io"

    /// Checks and normalizes a base URL: spaces around it and trailing `/` are removed; what is left must be an
    /// absolute `http` or `https` URL with a host and no credentials, query or fragment.
    /// - Parameters:
    ///   - text: the URL as given.
    ///   - origin: where it came from, for messages (`--base-url`, `PACKS_BASE_URL`).
    /// - Throws: ``BundlerError`` with code ``BundlerError/Code/invalidBaseURL``.
    public init(_ text: String, origin: String = "--base-url") throws(BundlerError) {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        func invalid(_ message: String, hint: String) -> BundlerError {
            BundlerError(code: .invalidBaseURL, location: origin, message: message, hint: hint)
        }
        let absolute = "an absolute URL such as \(Self.official)"
        guard !trimmed.isEmpty else {
            throw invalid("the base URL is empty; catalog URLs would be relative, which Cordum refuses", hint: absolute)
        }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased() else {
            throw invalid("the base URL \"\(trimmed)\" is not an absolute URL", hint: absolute)
        }
        guard scheme == "https" || scheme == "http" else {
            throw invalid("the base URL \"\(trimmed)\" must use https or http, not \"\(scheme)\"", hint: absolute)
        }
        guard let host = components.host, !host.isEmpty else {
            throw invalid("the base URL \"\(trimmed)\" has no host", hint: absolute)
        }
        guard components.user == nil, components.password == nil else {
            throw invalid("the base URL carries credentials, which would be published", hint: "remove user:password@")
        }
        guard components.query == nil, components.fragment == nil else {
            throw invalid(
                "the base URL \"\(trimmed)\" has a query or fragment",
                hint: "bundle paths are appended to the base URL"
            )
        }
        self.text = trimmed
    }

    /// The base URL for a build: `option` when given, else `PACKS_BASE_URL` when set, else ``official``.
    ///
    /// A variable that is set but empty is an error rather than a silent fallback: it usually means an undefined
    /// CI secret.
    /// - Parameters:
    ///   - option: `--base-url`, if given.
    ///   - environment: the process environment.
    /// - Throws: ``BundlerError`` with code ``BundlerError/Code/invalidBaseURL``.
    public static func resolve(option: String?, environment: [String: String]) throws(BundlerError) -> BaseURL {
        if let option { return try BaseURL(option, origin: "--base-url") }
        if let variable = environment["PACKS_BASE_URL"] {
            do {
                return try BaseURL(variable, origin: "PACKS_BASE_URL")
            } catch {
                var error = error
                if variable.trimmingCharacters(in: .whitespaces).isEmpty {
                    error.hint = "PACKS_BASE_URL is set but empty (an undefined CI secret?); unset it for \(official)"
                }
                throw error
            }
        }
        return try BaseURL(official, origin: "default")
    }

    /// `<base>/packs/<id>/<version>/pack.tgz`.
    /// - Parameters:
    ///   - id: the pack id.
    ///   - version: the pack version.
    public func bundleURL(id: String, version: String) -> String {
        "\(text)/\(BundlePath.relative(id: id, version: version))"
    }

    /// The URL.
    public var description: String { text }
}

/// Where bundles live inside a published folder.
public enum BundlePath {
    /// `packs/<id>/<version>/pack.tgz`.
    /// - Parameters:
    ///   - id: the pack id.
    ///   - version: the pack version.
    public static func relative(id: String, version: String) -> String {
        "packs/\(id)/\(version)/pack.tgz"
    }

    /// Whether a version can be a path segment and a URL segment: letters, digits, `.`, `_`, `+` and `-`,
    /// starting with a letter or digit (so never `.` or `..`).
    /// - Parameter version: the pack version.
    public static func isSafeVersion(_ version: String) -> Bool {
        guard let first = version.utf8.first, isAlphanumeric(first) else { return false }
        return version.utf8.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
