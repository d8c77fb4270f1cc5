public import AsyncHTTPClient

extension VendorHTTPClient {
    /// The process-wide AsyncHTTPClient vendor calls use by default: like `HTTPClient.shared`, but it does not
    /// follow redirects, because AsyncHTTPClient would forward the `Authorization` header to whatever host a
    /// redirect names. A 3xx answer is returned to the caller as it is. Nor does it retry a refused connection on its
    /// own until the request's deadline: ``VendorHTTPClient`` retries by its ``RetryPolicy`` (with backoff, counted
    /// and logged), so a vendor that is down is reported as `unavailable` after the policy's attempts instead of
    /// after a whole timeout per attempt. Never shut down.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
