import Foundation
public import Logging

extension VendorHTTPClient {
    /// Sends `request`, then follows `Link: <…>; rel="next"` until there is none, `body` returns false, or
    /// `maxPages` pages were read. Each page is a full ``send(_:logger:)`` with retries.
    /// - Parameters:
    ///   - request: The first page's request; later pages reuse its method and headers.
    ///   - maxPages: The most pages read; default 100.
    ///   - logger: The job's logger.
    ///   - body: Gets each page; return false to stop.
    /// - Throws: The first page failure, or `vendor_error` when a next link points to another origin (the
    ///   credentials are never sent there).
    public func forEachPage(
        _ request: VendorRequest,
        maxPages: Int = 100,
        logger: Logger,
        _ body: (VendorResponse) async throws(WorkerError) -> Bool
    ) async throws(WorkerError) {
        var next: VendorRequest? = request
        var page = 0
        while let current = next, page < maxPages {
            page += 1
            var pageLogger = logger
            pageLogger[metadataKey: "page"] = "\(page)"
            let response = try await send(current, logger: pageLogger)
            guard try await body(response) else { return }
            guard let link = response.nextLink else { return }
            next = try nextPageRequest(after: current, link: link)
        }
    }

    /// Every page's response, in order (see ``forEachPage(_:maxPages:logger:_:)``).
    public func allPages(
        _ request: VendorRequest,
        maxPages: Int = 100,
        logger: Logger
    ) async throws(WorkerError) -> [VendorResponse] {
        var pages: [VendorResponse] = []
        try await forEachPage(request, maxPages: maxPages, logger: logger) { page throws(WorkerError) in
            pages.append(page)
            return true
        }
        return pages
    }

    /// The request for the page a `Link` target names: `current` with its URL replaced (relative links resolved)
    /// and a new request id.
    /// - Parameters:
    ///   - current: The request of the page that had the link.
    ///   - link: The link target (``VendorResponse/nextLink``).
    /// - Throws: `vendor_error` when the link leaves the origin (scheme, host, port) of `current`: credentials are
    ///   never sent elsewhere.
    public func nextPageRequest(after current: VendorRequest, link: String) throws(WorkerError) -> VendorRequest {
        guard let base = URL(string: current.url), let target = URL(string: link, relativeTo: base)?.absoluteURL,
            target.scheme == base.scheme, target.host == base.host, target.port == base.port
        else {
            throw WorkerError(
                code: .vendorError,
                message:
                    "\(vendor)'s next-page link \"\(HeaderRedaction.redacted(url: link, secrets: secrets))\" does not stay on \(HeaderRedaction.redacted(url: current.url, secrets: secrets)); pagination stopped."
            )
        }
        var request = current
        request.url = target.absoluteString
        request.requestID = nil
        return request
    }
}
