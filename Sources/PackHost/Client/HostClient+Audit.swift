import NIOHTTP1
import StructuredData

extension HostClient {
    /// The caller's tenant's audit records after `since`, oldest first, as exported (`GET /audit`), page by page
    /// until none is left; `write` gets each record's export line (its canonical JSON).
    /// - Returns: how many records were written.
    public func exportAudit(since: Int64, pageSize: Int = 1000, write: (String) throws(HostError) -> Void)
        async throws(HostError) -> Int
    {
        var after = since
        var count = 0
        while true {
            let query = [("since", String(after)), ("limit", String(pageSize))]
            let answer = try await send(.GET, "/audit", query: query)
            guard let page = answer?.arrayValue ?? answer?["items"]?.arrayValue else {
                throw HostError(.internal, "GET /audit: the answer is not a list of records")
            }
            for record in page {
                guard let sequence = record["seq"]?.intValue else {
                    throw HostError(.internal, "GET /audit: a record has no seq")
                }
                try write(JSONEncoding.canonical(record))
                after = Int64(sequence)
                count += 1
            }
            if page.count < pageSize { return count }
        }
    }
}
