public import StructuredData

extension Pagination {
    /// One page of a cursor-paged list.
    public struct CursorPage: Sendable {
        /// The items on this page.
        public var items: [JSONValue]
        /// The cursor of the next page, or `nil` on the last page.
        public var nextCursor: String?
        /// The cursor of the previous page, or `nil` on the first page.
        public var previousCursor: String?
        /// The cursor of this page.
        public var cursor: String
        /// The page size used.
        public var limit: Int

        /// A `Link` header with `previous` and `next`, both always present, each with `results="true|false"` and
        /// `cursor="..."` attributes (the style of APIs whose clients follow `results`, not the link's presence).
        public func linkHeaderWithResults(
            request: EmulatorRequest,
            cursorParameter: String = "cursor",
            previousRel: String = "previous"
        ) -> String {
            func link(_ rel: String, _ target: String?) -> PageLink {
                let value = target ?? cursor
                return PageLink(
                    url: LinkHeader.url(request, replacing: [QueryItem(name: cursorParameter, value: value)]),
                    rel: rel,
                    attributes: [.init("results", target == nil ? "false" : "true"), .init("cursor", value)]
                )
            }
            return LinkHeader.format([link(previousRel, previousCursor), link("next", nextCursor)]) ?? ""
        }

        /// The page as a JSON object: the items under `itemsKey`, the next cursor at `nextCursorPath` (e.g.
        /// `["response_metadata", "next_cursor"]`) — on the last page `lastPageCursor` there (e.g. `""`), or nothing
        /// when it is `nil` — plus `extra` fields.
        public func json(
            itemsKey: String,
            nextCursorPath: [String] = ["next_cursor"],
            lastPageCursor: String? = nil,
            extra: [String: JSONValue] = [:]
        ) -> JSONValue {
            var object = extra
            object[itemsKey] = .array(items)
            if let cursor = nextCursor ?? lastPageCursor, let first = nextCursorPath.first {
                object[first] = Pagination.setting(object[first], path: nextCursorPath.dropFirst(), to: .string(cursor))
            }
            return .object(object)
        }

        /// The next cursor in a header (`["x-next-cursor": "..."]`), or no header on the last page.
        public func headers(nextCursorHeader: String) -> [String: String] {
            nextCursor.map { [nextCursorHeader.lowercased(): $0] } ?? [:]
        }

        /// A `Link` header with `next` (and `prev`) only where there is such a page, or `nil`.
        public func linkHeader(request: EmulatorRequest, cursorParameter: String = "cursor") -> String? {
            var links: [PageLink] = []
            if let previousCursor {
                let url = LinkHeader.url(request, replacing: [QueryItem(name: cursorParameter, value: previousCursor)])
                links.append(PageLink(url: url, rel: "prev"))
            }
            if let nextCursor {
                let url = LinkHeader.url(request, replacing: [QueryItem(name: cursorParameter, value: nextCursor)])
                links.append(PageLink(url: url, rel: "next"))
            }
            return LinkHeader.format(links)
        }
    }

    /// Slices `items` by the request's cursor and page size.
    /// - Parameters:
    ///   - cursorParameter: the query parameter holding the cursor (absent or empty = the first page).
    ///   - limitParameter: the query parameter holding the page size.
    ///   - codec: how cursors are written (default opaque).
    /// - Throws: ``PaginationError`` for a cursor the codec did not write, or a size outside 1...`maxLimit`.
    public static func cursor(
        _ items: [JSONValue],
        request: EmulatorRequest,
        cursorParameter: String = "cursor",
        limitParameter: String = "limit",
        defaultLimit: Int = 100,
        maxLimit: Int = 1000,
        codec: PageCursorCodec = .opaque
    ) throws(PaginationError) -> CursorPage {
        let limit = try size(request, parameter: limitParameter, defaultSize: defaultLimit, max: maxLimit)
        var offset = 0
        if let text = request.queryValue(cursorParameter), !text.isEmpty {
            guard let decoded = codec.decode(text) else {
                throw PaginationError(
                    parameter: cursorParameter,
                    value: text,
                    expected: "a cursor from an earlier page"
                )
            }
            offset = decoded
        }
        let page = slice(items, offset: offset, size: limit)
        let next = offset < items.count - page.count ? offset + page.count : nil
        return CursorPage(
            items: page,
            nextCursor: next.map(codec.encode),
            previousCursor: offset > 0 ? codec.encode(max(0, offset - limit)) : nil,
            cursor: codec.encode(offset),
            limit: limit
        )
    }
}

extension Pagination {
    /// `value` with `path` set to `leaf` (objects made on the way).
    static func setting(_ value: JSONValue?, path: ArraySlice<String>, to leaf: JSONValue) -> JSONValue {
        guard let key = path.first else { return leaf }
        var object = value?.objectValue ?? [:]
        object[key] = setting(object[key], path: path.dropFirst(), to: leaf)
        return .object(object)
    }
}
