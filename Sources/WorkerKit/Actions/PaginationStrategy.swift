import NIOHTTP1

/// How a list finds the request of its next page. WorkerKit has one strategy per way vendors page:
/// ``LinkPagination`` (`Link` headers, the default), ``CursorPagination`` (a cursor, page token or continue token in
/// the body or a header), ``OffsetPagination`` (offset and limit, ended by a flag, a total or a short page) and
/// ``BodyLinkPagination`` (a next link in the body). The reader of the pages (the action runtime, or
/// ``VendorHTTPClient/forEachPage(_:strategy:maxPages:itemsKey:logger:_:)``) bounds them by a page and item limit
/// and stops with `vendor_error` when a strategy leads back to a page already asked for.
public protocol PaginationStrategy: Sendable {
    /// The page after `page`, or `nil` when `page` was the last.
    /// - Parameters:
    ///   - page: The page just read: its request, answer, JSON body and item count.
    ///   - http: The client (``VendorHTTPClient/nextPageRequest(after:link:)`` keeps links on the same origin).
    /// - Throws: ``WorkerError`` when the next page cannot be asked for safely (`vendor_error`), or the strategy
    ///   does not fit the request (`handler_failed`).
    func nextPage(after page: ListPage, http: VendorHTTPClient) throws(WorkerError) -> NextPage?
}

/// Pages by `Link: <…>; rel="next"` headers (RFC 8288, as many REST APIs page): the next page is the link's target,
/// which must stay on the origin of the first request. A link marked `results="false"` (Sentry) ends the list.
///
/// ```swift
/// LinkPagination()   // Link: <https://api.example.com/items?page=2>; rel="next"
/// ```
public struct LinkPagination: PaginationStrategy {
    /// The relation followed; default `next`.
    public var relation: String

    /// A strategy following `relation`.
    /// - Parameter relation: Default `next`.
    public init(relation: String = "next") {
        self.relation = relation
    }

    public func nextPage(after page: ListPage, http: VendorHTTPClient) throws(WorkerError) -> NextPage? {
        let answer = page.answer
        let link =
            relation == "next" && answer.nextLink != nil
            ? answer.nextLink : LinkHeader.target(rel: relation, in: answer.headers["link"])
        guard let link else { return nil }
        let request = try http.nextPageRequest(after: page.request, link: link)
        return NextPage(
            request: request,
            marker: "next-page link \"\(HeaderRedaction.redacted(url: request.url, secrets: http.secrets))\""
        )
    }
}
