extension WorkerError.Code {
    /// The action is not permitted by `ALLOW_ACTIONS`/`DENY_ACTIONS` or the profile's lists, or must be enabled by
    /// its exact name and is not.
    public static let actionNotAllowed = WorkerError.Code("action_not_allowed")
    /// A resource the job touches (repository, project, namespace, …) is denied, or not in an allow list.
    public static let resourceNotAllowed = WorkerError.Code("resource_not_allowed")
    /// The vendor answered 401: the credentials are missing, wrong, expired or revoked.
    public static let unauthorized = WorkerError.Code("unauthorized")
    /// The vendor answered 403: the credentials lack a permission, or the object refuses the change.
    public static let forbidden = WorkerError.Code("forbidden")
    /// The vendor answered 404 (or 410): the object does not exist, or the credentials cannot see it.
    public static let notFound = WorkerError.Code("not_found")
    /// The vendor answered 409: the change conflicts with the object's state.
    public static let conflict = WorkerError.Code("conflict")
    /// The vendor answered 400 or 422: it refused the request as invalid; its details are in the message.
    public static let validationFailed = WorkerError.Code("validation_failed")
    /// The vendor answered 429 (or a pack's classifier recognised its rate-limit rule); retryable.
    public static let rateLimited = WorkerError.Code("rate_limited")
    /// The vendor answered 5xx or could not be reached; retryable.
    public static let unavailable = WorkerError.Code("unavailable")
    /// The vendor did not answer within the request timeout (or answered 408); retryable.
    public static let timeout = WorkerError.Code("timeout")
    /// Any other vendor failure: an unexpected status, an answer too large or not JSON, a next-page link to
    /// another host.
    public static let vendorError = WorkerError.Code("vendor_error")
}

extension WorkerError {
    /// The shared code for an HTTP status of 400 or more, and whether running the job again may succeed:
    /// 401 `unauthorized`, 403 `forbidden`, 404/410 `not_found`, 409 `conflict`, 400/422 `validation_failed` (not
    /// retryable); 408 `timeout`, 429 `rate_limited`, 5xx `unavailable` (retryable; 501 and 505 are
    /// `vendor_error`); anything else `vendor_error`.
    /// - Parameter status: The HTTP status.
    public static func code(forStatus status: Int) -> (code: Code, retryable: Bool) {
        switch status {
        case 401: (.unauthorized, false)
        case 403: (.forbidden, false)
        case 404, 410: (.notFound, false)
        case 408: (.timeout, true)
        case 409: (.conflict, false)
        case 400, 422: (.validationFailed, false)
        case 429: (.rateLimited, true)
        case 501, 505: (.vendorError, false)
        case 500...599: (.unavailable, true)
        default: (.vendorError, false)
        }
    }
}
