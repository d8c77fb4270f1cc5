public import StructuredData

/// Page-number pagination as REST APIs answer it: `page` / `per_page` query parameters and a `Link` header.
public enum Pagination {
    /// One page of a list.
    public struct Page: Sendable {
        /// The items on this page.
        public var items: [JSONValue]
        /// The 1-based page number.
        public var page: Int
        /// The page size used.
        public var perPage: Int
        /// The last page number (at least 1).
        public var lastPage: Int
        /// The `Link` header (`first`, `prev`, `next`, `last` as they apply), or `nil` for a single page.
        public var linkHeader: String?

        /// The page as a JSON array answer with its `Link` header.
        public func response(status: Int = 200, headers: [String: String] = [:]) -> EmulatorResponse {
            var response = EmulatorResponse.json(.array(items), status: status, headers: headers)
            if let linkHeader { response.headers["link"] = linkHeader }
            return response
        }
    }

    /// Slices `items` by the request's `page` and `per_page` (missing or invalid → page 1 and `defaultPerPage`;
    /// `per_page` above `maxPerPage` is capped) and builds the `Link` header from the request's URL, keeping its
    /// other query parameters.
    public static func page(
        _ items: [JSONValue],
        request: EmulatorRequest,
        defaultPerPage: Int = 30,
        maxPerPage: Int = 100
    ) -> Page {
        let perPage = min(max(1, request.queryValue("per_page").flatMap { Int($0) } ?? defaultPerPage), maxPerPage)
        let page = max(1, request.queryValue("page").flatMap { Int($0) } ?? 1)
        let lastPage = max(1, (items.count + perPage - 1) / perPage)
        let offset = (page - 1).multipliedReportingOverflow(by: perPage)
        let start = offset.overflow ? items.count : min(items.count, offset.partialValue)
        let end = min(items.count, start + perPage)
        return Page(
            items: Array(items[start..<end]),
            page: page,
            perPage: perPage,
            lastPage: lastPage,
            linkHeader: linkHeader(request: request, page: page, perPage: perPage, lastPage: lastPage)
        )
    }

    /// The `Link` header for a page, or `nil` when there is only one page and this is it.
    public static func linkHeader(request: EmulatorRequest, page: Int, perPage: Int, lastPage: Int) -> String? {
        var links: [String] = []
        func url(_ target: Int) -> String {
            var query = request.query.filter { $0.name != "page" && $0.name != "per_page" }
            query.append(QueryItem(name: "per_page", value: String(perPage)))
            query.append(QueryItem(name: "page", value: String(target)))
            return "<\(request.baseURL)\(request.path)?\(QueryItem.encode(query))>"
        }
        if page > 1 {
            links.append("\(url(min(page - 1, lastPage))); rel=\"prev\"")
        }
        if page < lastPage {
            links.append("\(url(page + 1)); rel=\"next\"")
            links.append("\(url(lastPage)); rel=\"last\"")
        }
        if page > 1 {
            links.append("\(url(1)); rel=\"first\"")
        }
        return links.isEmpty ? nil : links.joined(separator: ", ")
    }
}
