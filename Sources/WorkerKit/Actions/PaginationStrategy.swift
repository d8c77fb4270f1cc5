import NIOHTTP1
public import StructuredData

/// How a list action finds the request of its next page. ``LinkPagination`` follows RFC 8288 `Link` headers; a
/// pack whose vendor pages by cursor, offset or page token declares its own strategy on the action.
public protocol PaginationStrategy: Sendable {
    /// The request of the page after `answer`, or `nil` when `answer` was the last page.
    /// - Parameters:
    ///   - request: The request of the page just read.
    ///   - answer: Its answer.
    ///   - page: Its body as JSON.
    ///   - http: The client (``VendorHTTPClient/nextPageRequest(after:link:)`` keeps links on the same origin).
    /// - Throws: ``WorkerError`` when the next page cannot be asked for safely (`vendor_error`).
    func nextRequest(
        after request: VendorRequest,
        answer: ActionAnswer,
        page: JSONValue,
        http: VendorHTTPClient
    ) throws(WorkerError) -> VendorRequest?
}

/// Pages by `Link: <…>; rel="next"` headers (RFC 8288, as many REST APIs page): the next page is the link's target,
/// which must stay on the origin of the first request.
public struct LinkPagination: PaginationStrategy {
    /// The relation followed; default `next`.
    public var relation: String

    /// A strategy following `relation`.
    /// - Parameter relation: Default `next`.
    public init(relation: String = "next") {
        self.relation = relation
    }

    public func nextRequest(
        after request: VendorRequest,
        answer: ActionAnswer,
        page: JSONValue,
        http: VendorHTTPClient
    ) throws(WorkerError) -> VendorRequest? {
        let link =
            relation == "next" && answer.nextLink != nil
            ? answer.nextLink : LinkHeader.target(rel: relation, in: answer.headers["link"])
        guard let link else { return nil }
        return try http.nextPageRequest(after: request, link: link)
    }
}
