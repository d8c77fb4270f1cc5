extension WorkerError.Code {
    /// The vendor answered 401: the credentials are missing, wrong or expired.
    public static let vendorUnauthorized = WorkerError.Code("vendor_unauthorized")
    /// The vendor answered 403: the credentials lack a permission.
    public static let vendorForbidden = WorkerError.Code("vendor_forbidden")
    /// The vendor answered 404.
    public static let vendorNotFound = WorkerError.Code("vendor_not_found")
    /// The vendor answered 409: the change conflicts with the resource's state.
    public static let vendorConflict = WorkerError.Code("vendor_conflict")
    /// The vendor answered 400 or 422: the request is invalid.
    public static let vendorInvalid = WorkerError.Code("vendor_invalid")
    /// The vendor answered 429 (or 403 with an exhausted rate limit), and retries ran out.
    public static let vendorRateLimited = WorkerError.Code("vendor_rate_limited")
    /// The vendor answered 5xx, or could not be reached, and retries ran out.
    public static let vendorUnavailable = WorkerError.Code("vendor_unavailable")
    /// The vendor did not answer within the request timeout.
    public static let vendorTimeout = WorkerError.Code("vendor_timeout")
    /// Any other vendor failure: another status, a response too large or not JSON, a pagination link to another
    /// host.
    public static let vendorError = WorkerError.Code("vendor_error")
}

extension WorkerError {
    /// The code for an HTTP status of 400 or more, and whether running the job again may succeed.
    public static func vendorCode(status: Int) -> (code: Code, retryable: Bool) {
        switch status {
        case 401: (.vendorUnauthorized, false)
        case 403: (.vendorForbidden, false)
        case 404, 410: (.vendorNotFound, false)
        case 408: (.vendorTimeout, true)
        case 409: (.vendorConflict, false)
        case 400, 422: (.vendorInvalid, false)
        case 429: (.vendorRateLimited, true)
        case 501, 505: (.vendorError, false)
        case 500...599: (.vendorUnavailable, true)
        default: (.vendorError, false)
        }
    }
}
