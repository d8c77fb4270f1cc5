extension WorkerError.Code {
    /// The job names a profile the worker's configuration does not define.
    public static let unknownProfile = WorkerError.Code("unknown_profile")
    /// The job names no profile, and the worker has several and no default.
    public static let profileRequired = WorkerError.Code("profile_required")
    /// The job carries credentials in its input, and inline auth is off.
    public static let inlineAuthRefused = WorkerError.Code("inline_auth_refused")
}
