/// How much of a list an action reads: at most `maxPages` pages and `maxItems` items; the output says `truncated`
/// when the list had more. `nil` leaves the bound to the profile or the runtime.
///
/// ```swift
/// Action(name: "events.list", …, kind: .list(itemsKey: "events"),
///        pagination: CursorPagination(from: .body("next"), sendAs: .query("cursor")),
///        pageLimits: PageLimits(maxPages: 20, maxItems: 500)) { … }
/// ```
public struct PageLimits: Sendable, Hashable {
    /// The most pages read, if this sets it.
    public var maxPages: Int?
    /// The most items kept, if this sets it.
    public var maxItems: Int?

    /// Limits.
    /// - Parameters:
    ///   - maxPages: The most pages read; `nil` leaves it to the profile or runtime.
    ///   - maxItems: The most items kept; `nil` leaves it to the profile or runtime.
    public init(maxPages: Int? = nil, maxItems: Int? = nil) {
        self.maxPages = maxPages
        self.maxItems = maxItems
    }

    /// No limits of its own.
    public static let inherited = PageLimits()
}
