// The codes WorkerKit used before the shared vocabulary (docs/workerkit.md, "Error codes"). Kept as deprecated
// names for one release so pack code written against them still builds; each now carries the shared value.

extension WorkerError.Code {
    /// Renamed: ``unauthorized``.
    @available(*, deprecated, renamed: "unauthorized")
    public static let vendorUnauthorized = unauthorized
    /// Renamed: ``forbidden``.
    @available(*, deprecated, renamed: "forbidden")
    public static let vendorForbidden = forbidden
    /// Renamed: ``notFound``.
    @available(*, deprecated, renamed: "notFound")
    public static let vendorNotFound = notFound
    /// Renamed: ``conflict``.
    @available(*, deprecated, renamed: "conflict")
    public static let vendorConflict = conflict
    /// Renamed: ``validationFailed``.
    @available(*, deprecated, renamed: "validationFailed")
    public static let vendorInvalid = validationFailed
    /// Renamed: ``rateLimited``.
    @available(*, deprecated, renamed: "rateLimited")
    public static let vendorRateLimited = rateLimited
    /// Renamed: ``unavailable``.
    @available(*, deprecated, renamed: "unavailable")
    public static let vendorUnavailable = unavailable
    /// Renamed: ``timeout``.
    @available(*, deprecated, renamed: "timeout")
    public static let vendorTimeout = timeout
    /// Renamed: ``actionNotAllowed``.
    @available(*, deprecated, renamed: "actionNotAllowed")
    public static let actionDenied = actionNotAllowed
    /// Renamed: ``resourceNotAllowed``.
    @available(*, deprecated, renamed: "resourceNotAllowed")
    public static let resourceDenied = resourceNotAllowed
}

extension WorkerError {
    /// Renamed: ``code(forStatus:)``.
    @available(*, deprecated, renamed: "code(forStatus:)")
    public static func vendorCode(status: Int) -> (code: Code, retryable: Bool) { code(forStatus: status) }
}
