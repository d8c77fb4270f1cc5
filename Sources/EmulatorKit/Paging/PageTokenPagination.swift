public import StructuredData

extension Pagination {
    /// One page of a page-token list (`pageToken` → `nextPageToken`, `NextToken`).
    public struct TokenPage: Sendable {
        /// The items on this page.
        public var items: [JSONValue]
        /// The token of the next page, or `nil` on the last page (vendors then omit the field).
        public var nextPageToken: String?
        /// The page size used.
        public var pageSize: Int

        /// The page as a JSON object: the items under `itemsKey` and the token under `tokenKey` (omitted on the last
        /// page), plus `extra` fields.
        public func json(
            itemsKey: String,
            tokenKey: String = "nextPageToken",
            extra: [String: JSONValue] = [:]
        ) -> JSONValue {
            var object = extra
            object[itemsKey] = .array(items)
            if let nextPageToken { object[tokenKey] = .string(nextPageToken) }
            return .object(object)
        }
    }

    /// Slices `items` by the request's page token and size.
    /// - Throws: ``PaginationError`` for a token the codec did not write, or a size outside 1...`maxSize`.
    public static func pageToken(
        _ items: [JSONValue],
        request: EmulatorRequest,
        tokenParameter: String = "pageToken",
        sizeParameter: String = "pageSize",
        defaultSize: Int = 100,
        maxSize: Int = 1000,
        codec: PageCursorCodec = .opaque
    ) throws(PaginationError) -> TokenPage {
        let page = try cursor(
            items,
            request: request,
            cursorParameter: tokenParameter,
            limitParameter: sizeParameter,
            defaultLimit: defaultSize,
            maxLimit: maxSize,
            codec: codec
        )
        return TokenPage(items: page.items, nextPageToken: page.nextCursor, pageSize: page.limit)
    }
}
