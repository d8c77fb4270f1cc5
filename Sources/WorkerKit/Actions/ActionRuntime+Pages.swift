import StructuredData

extension ActionRuntime {
    /// The pages of a list read so far.
    struct Pages {
        var items: [JSONValue] = []
        var count = 0
        var truncated = false
        var last: ActionAnswer
    }

    /// Reads pages through the action's ``PaginationStrategy`` until there is no next page or `maxPages` were read
    /// (then `truncated`), checking cancellation and reporting progress between pages.
    func list(
        _ first: VendorRequest,
        action: Action,
        itemsKey: String?,
        maxPages: Int,
        profile: Transport.Profile,
        context: JobContext,
        output: inout [String: JSONValue]
    ) async throws(WorkerError) -> Pages {
        var request = first
        var answer = try await transport.send(request, profile: profile, action: action.name, logger: context.logger)
        var pages = Pages(last: answer)
        while true {
            pages.count += 1
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
            pages.items += items
            pageExtras(json, &output)
            let next: VendorRequest?
            do {
                next = try action.pagination.nextRequest(
                    after: request,
                    answer: answer,
                    page: json,
                    http: transport.http
                )
            } catch {
                // A next page exists but cannot be asked for: that only matters when it would be read.
                guard pages.count < maxPages else {
                    pages.truncated = true
                    return pages
                }
                throw error
            }
            guard let next else { return pages }
            guard pages.count < maxPages else {
                pages.truncated = true
                return pages
            }
            try context.checkCancellation()
            await context.progress.report(
                percent: pages.count * 100 / maxPages,
                message: "\(action.name): read page \(pages.count)"
            )
            request = next
            answer = try await transport.send(request, profile: profile, action: action.name, logger: context.logger)
        }
    }
}
