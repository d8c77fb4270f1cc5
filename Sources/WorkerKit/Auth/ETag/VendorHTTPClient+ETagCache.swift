public import Logging
import NIOHTTP1

extension VendorHTTPClient {
    /// An answer that may have come from an ``ETagCache``.
    public struct ConditionalResponse: Sendable {
        /// The answer. After a 304 served from the cache: status 304, the cached body, the cached headers updated
        /// with those of the 304 (rate-limit headers, the vendor's request id).
        public var response: VendorResponse
        /// Whether the body came from the cache.
        public var fromCache: Bool
    }

    /// Sends `request` like ``call(_:logger:)``; a GET is made conditional on the answer `etags` holds for it
    /// (`If-None-Match`) when the request sends the same values of the headers that answer's `Vary` names, a
    /// `304 Not Modified` is answered from the cache, and a 200 with an `ETag` (and no `Cache-Control: no-store`,
    /// no `Vary: *`) is cached.
    /// - Parameters:
    ///   - request: The request, with its credentials.
    ///   - etags: The cache.
    ///   - identity: Who the credentials act as (``TokenProvider/identity``); answers are never shared across
    ///     identities.
    ///   - varyingHeaders: The request headers that change the answer, part of the cache key.
    ///   - logger: The job's logger.
    /// - Throws: ``VendorCallFailure`` as ``call(_:logger:)``.
    public func call(
        _ request: VendorRequest,
        etags: ETagCache,
        identity: CredentialIdentity,
        varyingHeaders: [String] = ETagCache.defaultVaryingHeaders,
        logger: Logger
    ) async throws(VendorCallFailure) -> ConditionalResponse {
        guard request.method == .GET, !request.headers.contains(name: "If-None-Match") else {
            return ConditionalResponse(response: try await call(request, logger: logger), fromCache: false)
        }
        let key = ETagCache.Key(
            identity: identity,
            method: request.method,
            url: request.url,
            headers: request.headers,
            varyingHeaders: varyingHeaders
        )
        let cached = etags.entry(for: key).flatMap { $0.fits(request.headers) ? $0 : nil }
        var outgoing = request
        if let cached { outgoing.headers.replaceOrAdd(name: "If-None-Match", value: cached.etag) }
        var response = try await call(outgoing, logger: logger)
        if response.status == 304, let cached {
            var headers = cached.headers
            let uncached = Set(ETagCache.uncachedHeaders.map { $0.lowercased() })
            for (name, _) in response.headers where !uncached.contains(name.lowercased()) {
                headers.replaceOrAdd(name: name, value: response.headers[name].joined(separator: ", "))
            }
            response.headers = headers
            response.body = cached.body
            logger.debug("vendor answer served from the ETag cache", metadata: ["http_status": "304"])
            return ConditionalResponse(response: response, fromCache: true)
        }
        if response.status == 200, let etag = response.headers.first(name: "etag"), Self.isStorable(response) {
            let varied = ETagCache.Entry.varied(by: response.headers, request: request.headers)
            etags.store(
                ETagCache.Entry(etag: etag, headers: response.headers, body: response.body, varied: varied),
                for: key
            )
        }
        return ConditionalResponse(response: response, fromCache: false)
    }

    /// Whether the vendor allows keeping the answer: no `Cache-Control: no-store`, no `Vary: *`.
    private static func isStorable(_ response: VendorResponse) -> Bool {
        let cacheControl = response.headers[canonicalForm: "Cache-Control"].map { $0.lowercased() }
        let vary = response.headers[canonicalForm: "Vary"]
        return !cacheControl.contains("no-store") && !vary.contains("*")
    }
}
