public import StructuredData

/// One page a list has read, as a ``PaginationStrategy`` sees it to find the next: the request sent, the vendor's
/// answer, its body as JSON and how many items it held.
public struct ListPage: Sendable {
    /// The request of this page.
    public var request: VendorRequest
    /// Its answer.
    public var answer: ActionAnswer
    /// Its body as JSON (`null` when empty).
    public var json: JSONValue
    /// The items it held, when the reader knows where they are (the action runtime always does); `nil` otherwise.
    public var itemCount: Int?
    /// Its number, from 1.
    public var number: Int

    /// A page.
    /// - Parameters:
    ///   - request: The request sent.
    ///   - answer: The answer.
    ///   - json: The body as JSON.
    ///   - itemCount: The items it held, if known.
    ///   - number: The page number, from 1.
    public init(request: VendorRequest, answer: ActionAnswer, json: JSONValue, itemCount: Int?, number: Int = 1) {
        self.request = request
        self.answer = answer
        self.json = json
        self.itemCount = itemCount
        self.number = number
    }
}

/// The page after a ``ListPage``: its request, and what the vendor named it by (for the loop check's message).
public struct NextPage: Sendable {
    /// The request of the next page.
    public var request: VendorRequest
    /// What the vendor gave to reach it, for messages: `cursor "dXNlcjpV"`, `offset 50`, `next-page link "…"`.
    public var marker: String

    /// A next page.
    /// - Parameters:
    ///   - request: Its request.
    ///   - marker: What the vendor gave to reach it, for messages (cursors are shortened there).
    public init(request: VendorRequest, marker: String) {
        self.request = request
        self.marker = marker
    }
}
