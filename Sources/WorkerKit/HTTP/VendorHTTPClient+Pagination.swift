import Foundation
public import Logging
import StructuredData

extension VendorHTTPClient {
    /// Sends `request`, then follows `strategy` (default `Link: <…>; rel="next"`) until there is no next page,
    /// `body` returns false, or `maxPages` pages were read (a notice in the log then says the list was cut). Each
    /// page is a full ``send(_:logger:)`` with retries.
    /// - Parameters:
    ///   - request: The first page's request; later pages are built from it by the strategy.
    ///   - strategy: How the next page is found; default ``LinkPagination``.
    ///   - maxPages: The most pages read; default 100.
    ///   - itemsKey: The member of each page's body that holds its items (`nil`: a body that is a list), so
    ///     strategies that count items (``OffsetPagination``) see the count.
    ///   - logger: The job's logger.
    ///   - body: Gets each page; return false to stop.
    /// - Throws: The first page failure; `vendor_error` when a next link points to another origin (the credentials
    ///   are never sent there) or the vendor leads back to a page already read (the same cursor, token, offset or
    ///   link again).
    public func forEachPage(
        _ request: VendorRequest,
        strategy: any PaginationStrategy = LinkPagination(),
        maxPages: Int = 100,
        itemsKey: String? = nil,
        logger: Logger,
        _ body: (VendorResponse) async throws(WorkerError) -> Bool
    ) async throws(WorkerError) {
        var walk = PageWalk(first: request, vendor: vendor, subject: nil, maxPages: maxPages)
        var current = request
        while true {
            var pageLogger = logger
            pageLogger[metadataKey: "page"] = "\(walk.pages + 1)"
            let response = try await send(current, logger: pageLogger)
            let json = (try? response.json()) ?? .null
            let items = itemsKey.map { json[$0]?.arrayValue } ?? json.arrayValue
            _ = walk.read(items: items?.count)
            guard try await body(response) else { return }
            let page = ListPage(
                request: current,
                answer: ActionAnswer(response),
                json: json,
                itemCount: items?.count,
                number: walk.pages
            )
            let next: Result<NextPage?, WorkerError>
            do {
                next = .success(try strategy.nextPage(after: page, http: self))
            } catch {
                next = .failure(error)
            }
            switch try walk.step(after: next) {
            case .finished: return
            case .truncated(let limit):
                logger.notice("\(walk.truncationMessage(limit))", metadata: ["pages": "\(walk.pages)"])
                return
            case .read(let request): current = request
            }
        }
    }

    /// Every page's response, in order (see ``forEachPage(_:strategy:maxPages:itemsKey:logger:_:)``).
    /// - Parameters:
    ///   - request: The first page's request.
    ///   - strategy: How the next page is found; default ``LinkPagination``.
    ///   - maxPages: The most pages read; default 100.
    ///   - itemsKey: The member of each page's body that holds its items (`nil`: a body that is a list).
    ///   - logger: The job's logger.
    public func allPages(
        _ request: VendorRequest,
        strategy: any PaginationStrategy = LinkPagination(),
        maxPages: Int = 100,
        itemsKey: String? = nil,
        logger: Logger
    ) async throws(WorkerError) -> [VendorResponse] {
        var pages: [VendorResponse] = []
        try await forEachPage(request, strategy: strategy, maxPages: maxPages, itemsKey: itemsKey, logger: logger) {
            page throws(WorkerError) in
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
