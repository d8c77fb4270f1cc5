public import AsyncHTTPClient

extension VendorHTTPClient {
    /// The process-wide AsyncHTTPClient vendor calls use by default: like `HTTPClient.shared`, but it does not
    /// follow redirects, because AsyncHTTPClient would forward the `Authorization` header to whatever host a
    /// redirect names. A 3xx answer is returned to the caller as it is. Never shut down.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
