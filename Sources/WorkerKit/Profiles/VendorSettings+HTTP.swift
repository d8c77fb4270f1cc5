extension VendorSettings {
    /// A ``VendorHTTPClient`` with these settings' user agent, request timeout (30 s when unset) and secrets.
    /// - Parameters:
    ///   - vendor: The vendor's name for messages and logs; default the pack id.
    ///   - retry: The retry policy.
    ///   - metrics: Where tries and retries are counted.
    public func httpClient(
        vendor: String? = nil,
        retry: RetryPolicy = RetryPolicy(),
        metrics: WorkerMetrics = WorkerMetrics()
    ) -> VendorHTTPClient {
        var client = VendorHTTPClient(
            vendor: vendor ?? packID,
            secrets: secrets,
            retry: retry,
            timeout: requestTimeout ?? .seconds(30),
            userAgent: userAgent
        )
        client.metrics = metrics
        return client
    }
}
