import NIOHTTP1

/// The bookkeeping of reading a list page by page, apart from the I/O: counts pages and items against their
/// limits, remembers every request asked for so a vendor that leads back to one (the same cursor, token, offset
/// or link again) is stopped instead of read forever, and says after each page whether to read on.
struct PageWalk {
    /// What to do after a page.
    enum Step {
        /// Read this request next.
        case read(VendorRequest)
        /// The list ended.
        case finished
        /// A limit stopped the list while it had more.
        case truncated(Limit)
    }

    /// The limit that stopped a list.
    enum Limit: Equatable {
        case pages
        case items
    }

    /// The vendor, for messages.
    let vendor: String
    /// What is read (`items.list`), for messages; `nil` outside the action runtime.
    let subject: String?
    /// The most pages read.
    let maxPages: Int
    /// The most items kept.
    let maxItems: Int
    /// Pages read so far.
    private(set) var pages = 0
    /// Items kept so far.
    private(set) var items = 0
    private var overflowed = false
    private var asked: Set<RequestKey>

    /// A walk starting with `first`.
    init(first: VendorRequest, vendor: String, subject: String?, maxPages: Int, maxItems: Int = .max) {
        self.vendor = vendor
        self.subject = subject
        self.maxPages = max(maxPages, 1)
        self.maxItems = max(maxItems, 1)
        self.asked = [RequestKey(first)]
    }

    /// Counts a page of `count` items (`nil`: unknown, counted as none) and returns how many of them to keep.
    mutating func read(items count: Int?) -> Int {
        pages += 1
        let count = count ?? 0
        let kept = min(count, maxItems - items)
        items += kept
        if kept < count { overflowed = true }
        return kept
    }

    /// What follows the page just read, given what its strategy answered.
    /// - Parameter next: The strategy's next page, or the error it threw.
    /// - Throws: The strategy's error, or `vendor_error` for a loop, when the next page would be read.
    mutating func step(after next: Result<NextPage?, WorkerError>) throws(WorkerError) -> Step {
        let stop: Limit? = overflowed || items >= maxItems ? .items : pages >= maxPages ? .pages : nil
        let page: NextPage?
        switch next {
        case .success(let value): page = value
        case .failure(let error):
            // A next page exists but cannot be asked for: that only matters when it would be read.
            if let stop { return .truncated(stop) }
            throw error
        }
        guard let page else { return overflowed ? .truncated(.items) : .finished }
        if let stop { return .truncated(stop) }
        guard asked.insert(RequestKey(page.request)).inserted else {
            throw WorkerError(
                code: .vendorError,
                message:
                    "\(vendor) answered page \(pages)\(subject.map { " of \($0)" } ?? "") with the \(page.marker) again, which leads back to a page already read; paging stopped so the list is not read forever."
            )
        }
        return .read(page.request)
    }

    /// The sentence that says why a list stopped short, for the log.
    func truncationMessage(_ limit: Limit) -> String {
        let what = subject.map { "\($0): " } ?? "\(vendor): "
        let setting = subject == nil ? "" : limit == .pages ? " (max_pages)" : " (max_items)"
        switch limit {
        case .pages:
            return what
                + "stopped at the page limit of \(maxPages)\(setting) while the vendor had more pages; the result is truncated."
        case .items:
            return what
                + "stopped at the item limit of \(maxItems)\(setting) while the vendor had more items; the result is truncated."
        }
    }

    /// What makes two requests the same page.
    private struct RequestKey: Hashable {
        let method: String
        let url: String
        let body: [UInt8]

        init(_ request: VendorRequest) {
            method = request.method.rawValue
            url = request.url
            body = request.body ?? []
        }
    }
}
