import AsyncHTTPClient
import Foundation
public import NIOCore
import NIOHTTP1

/// Fetches catalogs and bundles: local paths and `file://` URLs from disk, `http(s)://` URLs with
/// AsyncHTTPClient (200 only, a size limit, a timeout). Messages name the URL, never credentials in it.
public struct ResourceFetcher: Sendable {
    /// The most a catalog may hold (Cordum's 8 MiB).
    public static let maxCatalogBytes = 8 << 20
    /// The most a bundle may hold (Cordum's 64 MiB).
    public static let maxBundleBytes = 64 << 20

    /// How long one download may take.
    public var timeout: TimeAmount

    /// Creates a fetcher.
    public init(timeout: TimeAmount = .seconds(30)) { self.timeout = timeout }

    /// Fetches `location` (a path, `file://`, `http://` or `https://` URL).
    /// - Parameters:
    ///   - location: where.
    ///   - limit: the most bytes accepted.
    ///   - what: what is fetched (`catalog`, `pack bundle`), for messages.
    /// - Throws: `invalid_argument` for an unsupported scheme; `too_large` above `limit`; `unavailable` when the
    ///   download fails or answers other than 200; `not_found` for a missing file.
    public func fetch(_ location: String, limit: Int, what: String) async throws(HostError) -> [UInt8] {
        let shown = Self.redacted(location)
        if let scheme = Self.scheme(of: location) {
            switch scheme {
            case "file":
                guard let url = URL(string: location), url.isFileURL else {
                    throw HostError(.invalidArgument, "\(what) URL \(shown) is not a valid file URL")
                }
                return try readFile(url.path, limit: limit, what: what)
            case "http", "https":
                return try await download(location, shown: shown, limit: limit, what: what)
            default:
                throw HostError(
                    .invalidArgument,
                    "unsupported url scheme \"\(scheme)\" for \(what) \(shown); use a path, file://, http:// or https://"
                )
            }
        }
        return try readFile(location, limit: limit, what: what)
    }

    /// Resolves `reference` (an entry's `url`) against the location of the catalog that lists it.
    public static func resolve(_ reference: String, against catalog: String) -> String {
        if scheme(of: reference) != nil || reference.hasPrefix("/") { return reference }
        if let base = URL(string: catalog), scheme(of: catalog) != nil {
            return URL(string: reference, relativeTo: base)?.absoluteString ?? reference
        }
        return ((catalog as NSString).deletingLastPathComponent as NSString).appendingPathComponent(reference)
    }

    static func scheme(of location: String) -> String? {
        guard let colon = location.firstIndex(of: ":"), location[colon...].hasPrefix("://") else { return nil }
        let scheme = location[..<colon].lowercased()
        return scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) ? scheme : nil
    }

    /// The location without any user info (`https://user:token@host` → `https://host`).
    static func redacted(_ location: String) -> String {
        guard var components = URLComponents(string: location), components.user != nil || components.password != nil
        else { return location }
        components.user = nil
        components.password = nil
        return components.string ?? location
    }

    private func readFile(_ path: String, limit: Int, what: String) throws(HostError) -> [UInt8] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes else { throw HostError(.notFound, "\(what) \(path) not found") }
        if let size = attributes[.size] as? Int, size > limit {
            throw HostError(.tooLarge, "\(what) \(path) exceeds max size (\(limit) bytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HostError(.unavailable, "cannot read \(what) \(path)")
        }
        return [UInt8](data)
    }

    private func download(_ url: String, shown: String, limit: Int, what: String) async throws(HostError) -> [UInt8] {
        do {
            let request = HTTPClientRequest(url: url)
            let response = try await HTTPClient.shared.execute(request, timeout: timeout)
            guard response.status.code == 200 else {
                throw HostError(.unavailable, "\(what) download failed: \(shown) answered \(response.status.code)")
            }
            let body = try await response.body.collect(upTo: limit)
            return Array(buffer: body)
        } catch let error as HostError {
            throw error
        } catch is NIOTooManyBytesError {
            throw HostError(.tooLarge, "\(what) download exceeds max size (\(limit) bytes): \(shown)")
        } catch {
            throw HostError(.unavailable, "\(what) download failed: \(shown): \(error)")
        }
    }
}
