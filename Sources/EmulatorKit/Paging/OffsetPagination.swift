public import StructuredData

extension Pagination {
    /// One page of an offset/limit list.
    public struct OffsetPage: Sendable {
        /// The items on this page.
        public var items: [JSONValue]
        /// The offset of the first item.
        public var offset: Int
        /// The page size used.
        public var limit: Int
        /// How many items the whole list has.
        public var total: Int

        /// Whether items follow this page.
        public var more: Bool { offset + items.count < total }

        /// The page as a JSON object: the items under `itemsKey`, the total under `totalKey` and whether more
        /// follow under `moreKey` (each left out when `nil`), plus `extra` fields.
        public func json(
            itemsKey: String,
            totalKey: String? = "total",
            moreKey: String? = nil,
            extra: [String: JSONValue] = [:]
        ) -> JSONValue {
            var object = extra
            object[itemsKey] = .array(items)
            if let totalKey { object[totalKey] = .integer(total) }
            if let moreKey { object[moreKey] = .bool(more) }
            return .object(object)
        }
    }

    /// Slices `items` by the request's offset and limit.
    /// - Throws: ``PaginationError`` for an offset that is not a non-negative integer, or a limit outside
    ///   1...`maxLimit`.
    public static func offset(
        _ items: [JSONValue],
        request: EmulatorRequest,
        offsetParameter: String = "offset",
        limitParameter: String = "limit",
        defaultLimit: Int = 100,
        maxLimit: Int = 1000
    ) throws(PaginationError) -> OffsetPage {
        let limit = try size(request, parameter: limitParameter, defaultSize: defaultLimit, max: maxLimit)
        var offset = 0
        if let text = request.queryValue(offsetParameter) {
            guard let value = Int(text), value >= 0 else {
                throw PaginationError(parameter: offsetParameter, value: text, expected: "an integer of 0 or more")
            }
            offset = value
        }
        return OffsetPage(
            items: slice(items, offset: offset, size: limit),
            offset: offset,
            limit: limit,
            total: items.count
        )
    }
}
