import Logging
import StructuredData

extension ActionRuntime {
    /// The pages of a list read so far.
    struct Pages {
        var items: [JSONValue] = []
        var count = 0
        var truncated = false
        var last: ActionAnswer
    }

    /// Reads pages through the action's ``PaginationStrategy`` until there is no next page, or the page or item
    /// limit stopped it (then `truncated`, and a notice in the log saying which), checking cancellation and
    /// reporting progress between pages. A strategy leading back to a page already asked for ends the job with
    /// `vendor_error`.
    func list(
        _ first: VendorRequest,
        action: Action,
        itemsKey: String?,
        limits: (pages: Int, items: Int),
        profile: Transport.Profile,
        context: JobContext,
        output: inout [String: JSONValue]
    ) async throws(WorkerError) -> Pages {
        var walk = PageWalk(
            first: first,
            vendor: transport.vendor,
            subject: action.name,
            maxPages: limits.pages,
            maxItems: limits.items
        )
        var request = first
        var answer = try await transport.send(request, profile: profile, action: action.name, logger: context.logger)
        var pages = Pages(last: answer)
        while true {
            pages.last = answer
            let json = try answer.json(vendor: transport.vendor)
            let list = itemsKey.map { json[$0]?.arrayValue } ?? json.arrayValue
            guard let items = list else {
                throw WorkerError(
                    code: .vendorError,
                    message: itemsKey.map {
                        "\(transport.vendor)'s answer to \(action.name) (request id \(answer.requestIDText)) has no \"\($0)\" list."
                    }
                        ?? "\(transport.vendor)'s answer to \(action.name) (request id \(answer.requestIDText)) is not a list."
                )
            }
            pages.items += items.prefix(walk.read(items: items.count))
            pages.count = walk.pages
            pageExtras(json, &output)
            let page = ListPage(
                request: request,
                answer: answer,
                json: json,
                itemCount: items.count,
                number: walk.pages
            )
            let next: Result<NextPage?, WorkerError>
            do {
                next = .success(try action.pagination.nextPage(after: page, http: transport.http))
            } catch {
                next = .failure(error)
            }
            switch try walk.step(after: next) {
            case .finished:
                return pages
            case .truncated(let limit):
                pages.truncated = true
                context.logger.notice(
                    "\(walk.truncationMessage(limit))",
                    metadata: ["pages": "\(walk.pages)", "items": "\(walk.items)"]
                )
                return pages
            case .read(let next):
                try context.checkCancellation()
                await context.progress.report(
                    percent: walk.pages * 100 / walk.maxPages,
                    message: "\(action.name): read page \(walk.pages)"
                )
                request = next
                answer = try await transport.send(
                    request,
                    profile: profile,
                    action: action.name,
                    logger: context.logger
                )
            }
        }
    }
}
