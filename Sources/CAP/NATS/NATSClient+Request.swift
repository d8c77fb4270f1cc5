/// Request/reply.
extension NATSClient {
    /// Publishes a request with a fresh reply inbox and waits for the first reply.
    /// - Parameters:
    ///   - subject: The subject to send to.
    ///   - payload: The request body.
    ///   - headers: Optional headers.
    ///   - timeout: How long to wait (default ``NATSConfiguration/requestTimeout``).
    /// - Returns: The reply.
    /// - Throws: ``NATSError`` (`timeout`, `noResponders`, or any ``publish(_:payload:headers:replyTo:)`` error).
    public func request(
        _ subject: String,
        payload: [UInt8],
        headers: NATSHeaders? = nil,
        timeout: Duration? = nil
    ) async throws -> NATSMessage {
        let inbox =
            "_INBOX." + String(UInt64.random(in: 1...UInt64.max), radix: 36)
            + String(UInt64.random(in: 1...UInt64.max), radix: 36)
        let replies = try await makeSubscription(
            subject: inbox,
            queue: nil,
            maxMessages: 1,
            bufferLimit: 1,
            policy: .dropNewest
        )
        let limit = timeout ?? configuration.requestTimeout
        do {
            try await publish(subject, payload: payload, headers: headers, replyTo: inbox)
            let reply = try await withThrowingTaskGroup(of: NATSMessage.self) { group in
                group.addTask {
                    var iterator = replies.makeAsyncIterator()
                    guard let message = try await iterator.next() else {
                        throw NATSError(.connectionLost, "The reply subscription ended before a reply came.")
                    }
                    return message
                }
                group.addTask {
                    try await Task.sleep(for: limit)
                    throw NATSError(.timeout, "No reply to the request on '\(subject)' came in time.")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else {
                    throw NATSError(.timeout, "No reply to the request on '\(subject)' came in time.")
                }
                return first
            }
            if reply.headers?.status == 503 {
                throw NATSError(.noResponders, "No subscriber is listening on '\(subject)'.")
            }
            return reply
        } catch {
            await removeSubscription(id: replies.id, sendUnsubscribe: true)
            throw error
        }
    }
}
