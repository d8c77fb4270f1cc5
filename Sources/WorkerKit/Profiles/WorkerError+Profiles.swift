extension WorkerError.Code {
    /// The job names a profile the worker's configuration does not define.
    public static let unknownProfile = WorkerError.Code("unknown_profile")
    /// The job names no profile, and the worker has several and no default.
    public static let profileRequired = WorkerError.Code("profile_required")
    /// The job carries credentials in its input, and inline auth is off.
    public static let inlineAuthRefused = WorkerError.Code("inline_auth_refused")
    /// The action is denied, or not in the allow list.
    public static let actionDenied = WorkerError.Code("action_denied")
    /// A resource (repository, project, namespace, …) is denied, or not in the allow list.
    public static let resourceDenied = WorkerError.Code("resource_denied")
}
