/// Pages by the absolute URL of the next page in the answer's body (`@odata.nextLink` in Microsoft Graph,
/// `nextLink` in Azure Resource Manager): the list ends when it is absent, `null` or empty. Like a `Link` header,
/// the link must stay on the origin (scheme, host, port) of the request, or paging stops with `vendor_error`
/// before any credential is sent elsewhere.
///
/// ```swift
/// BodyLinkPagination(BodyPath(keys: ["@odata.nextLink"]))   // {"value": [...], "@odata.nextLink": "https://…"}
/// BodyLinkPagination("nextLink")                             // {"value": [...], "nextLink": "https://…"}
/// ```
public struct BodyLinkPagination: PaginationStrategy {
    /// Where the body holds the next link.
    public var path: BodyPath

    /// A body-link strategy.
    /// - Parameter path: Where the body holds the next link.
    public init(_ path: BodyPath) {
        self.path = path
    }

    public func nextPage(after page: ListPage, http: VendorHTTPClient) throws(WorkerError) -> NextPage? {
        guard let link = AnswerValue.body(path).text(in: page) else { return nil }
        let request = try http.nextPageRequest(after: page.request, link: link)
        return NextPage(
            request: request,
            marker: "next-page link \"\(HeaderRedaction.redacted(url: request.url, secrets: http.secrets))\""
        )
    }
}
