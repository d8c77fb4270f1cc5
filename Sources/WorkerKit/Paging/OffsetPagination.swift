import StructuredData

/// Pages by position: each request asks for `limit` items from `offset`, and the next page starts at the offset
/// the vendor served plus the limit. The list ends on an empty page, and when its ``End`` signal says so.
///
/// The limit is the request's own `limit` field (set it in the action's first request), else the number of items
/// the page held. The offset served is the one the vendor echoes at ``servedOffset`` when set (so a vendor that
/// ignores the offset is caught as a loop), else the request's (0 when absent).
///
/// ```swift
/// // PagerDuty: GET /incidents?offset=0&limit=25 → {"incidents": [...], "offset": 0, "limit": 25, "more": true}
/// OffsetPagination(end: .moreFlag(.body("more")), servedOffset: .body("offset"))
/// // ServiceNow: GET /api/now/table/incident?sysparm_offset=0&sysparm_limit=100, X-Total-Count: 250
/// OffsetPagination(
///     offset: .query("sysparm_offset"), limit: .query("sysparm_limit"), end: .total(.header("X-Total-Count")))
/// ```
public struct OffsetPagination: PaginationStrategy {
    /// How the vendor says the list has more.
    public enum End: Sendable, Hashable {
        /// A flag that is `true` while more pages follow (PagerDuty's `more`); anything else ends the list.
        case moreFlag(AnswerValue)
        /// The number of items in the whole list (a `total` member, an `X-Total-Count` header): the list ends when
        /// the next offset reaches it, and on a short page (fewer items than the limit).
        case total(AnswerValue)
        /// No signal: the list ends on a short page.
        case shortPage
    }

    /// Where the request carries the offset; default the query parameter `offset`.
    public var offset: RequestField
    /// Where the request carries the page size; default the query parameter `limit`.
    public var limit: RequestField
    /// How the list's end is told.
    public var end: End
    /// Where the answer echoes the offset it served, if it does.
    public var servedOffset: AnswerValue?

    /// An offset strategy.
    /// - Parameters:
    ///   - offset: Where the request carries the offset; default `.query("offset")`.
    ///   - limit: Where the request carries the page size; default `.query("limit")`.
    ///   - end: How the list's end is told.
    ///   - servedOffset: Where the answer echoes the offset it served; default none.
    public init(
        offset: RequestField = .query("offset"),
        limit: RequestField = .query("limit"),
        end: End,
        servedOffset: AnswerValue? = nil
    ) {
        self.offset = offset
        self.limit = limit
        self.end = end
        self.servedOffset = servedOffset
    }

    public func nextPage(after page: ListPage, http: VendorHTTPClient) throws(WorkerError) -> NextPage? {
        if page.itemCount == 0 { return nil }
        let pageSize = try number(limit, in: page.request) ?? page.itemCount
        guard let pageSize, pageSize > 0 else {
            throw WorkerError(
                code: .handlerFailed,
                message:
                    "Offset paging cannot tell where page \(page.number + 1) starts: the request has no \(limit) and the item count of page \(page.number) is unknown; set the limit in the first request."
            )
        }
        let isShort = page.itemCount.map { $0 < pageSize } ?? false
        let requested = try number(offset, in: page.request) ?? 0
        let served = servedOffset.flatMap { $0.integer(in: page) } ?? requested
        let next = served + pageSize
        switch end {
        case .moreFlag(let flag):
            guard flag.isTrue(in: page) else { return nil }
        case .total(let total):
            if isShort { return nil }
            if let total = total.integer(in: page), next >= total { return nil }
        case .shortPage:
            if isShort { return nil }
        }
        return NextPage(request: try offset.setting(.integer(next), in: page.request), marker: "offset \(next)")
    }

    /// The whole number in `field` of `request`, `nil` when absent.
    private func number(_ field: RequestField, in request: VendorRequest) throws(WorkerError) -> Int? {
        guard let text = try field.text(in: request) else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw WorkerError(
                code: .handlerFailed,
                message: "The request's \(field) is \"\(text)\"; offset paging needs a whole number of 0 or more."
            )
        }
        return value
    }
}
