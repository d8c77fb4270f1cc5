import StructuredData

/// Pages by an opaque value the vendor hands out with each page (a cursor, a page token, a continue token) and
/// wants back to serve the next: the list ends when the answer has none (absent, `null` or an empty string).
///
/// ```swift
/// // Slack: {"response_metadata": {"next_cursor": "dXNlcjpV"}} → GET …?cursor=dXNlcjpV
/// CursorPagination(from: .body("response_metadata.next_cursor"), sendAs: .query("cursor"))
/// // Jira POST /rest/api/3/search/jql: {"nextPageToken": "…"} → the next POST's body member
/// CursorPagination(from: .body("nextPageToken"), sendAs: .body("nextPageToken"), noun: "page token")
/// // Kubernetes: {"metadata": {"continue": "…"}} → GET …?limit=100&continue=…
/// CursorPagination(from: .body("metadata.continue"), sendAs: .query("continue"), noun: "continue token")
/// ```
public struct CursorPagination: PaginationStrategy {
    /// Where the answer carries the next cursor.
    public var source: AnswerValue
    /// Where the next request carries it.
    public var destination: RequestField
    /// What messages call it (`cursor`, `page token`, `continue token`).
    public var noun: String

    /// A cursor strategy.
    /// - Parameters:
    ///   - source: Where the answer carries the next cursor (a body member or a header).
    ///   - destination: Where the next request carries it (a query parameter, a body member, or either).
    ///   - noun: What messages call it; default `cursor`.
    public init(from source: AnswerValue, sendAs destination: RequestField, noun: String = "cursor") {
        self.source = source
        self.destination = destination
        self.noun = noun
    }

    public func nextPage(after page: ListPage, http: VendorHTTPClient) throws(WorkerError) -> NextPage? {
        guard let cursor = source.text(in: page) else { return nil }
        return NextPage(
            request: try destination.setting(.string(cursor), in: page.request),
            marker: "\(noun) \"\(NextPage.shortened(cursor))\""
        )
    }
}

extension NextPage {
    /// `text` cut to 64 characters for messages.
    static func shortened(_ text: String) -> String {
        text.count > 64 ? String(text.prefix(64)) + "…" : text
    }
}
