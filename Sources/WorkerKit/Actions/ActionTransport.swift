public import Logging
public import NIOHTTP1
public import StructuredData

/// The profile a job runs with, as the action runtime needs it.
public protocol ActionProfile: Sendable {
    /// The profile name (the output's `profile`).
    var name: String { get }
    /// The API base URL, without a trailing slash.
    var baseURL: String { get }
    /// The kind of credential requests carry (`token`, `app`, `basic`, `none`): the plan's `auth`, never a value.
    var authKind: String { get }
    /// The profile as WorkerKit parsed it: its own allow/deny lists.
    var vendorProfile: VendorProfile { get }
}

/// How an action runtime reaches a vendor: the profile of a job (with the pack's inline-auth rules), the headers
/// every request carries, and sending with the profile's credentials. ``BearerTokenTransport`` serves vendors
/// with static tokens; a pack with exchanged credentials or caches brings its own.
public protocol ActionTransport: Sendable {
    /// The profile type.
    associatedtype Profile: ActionProfile

    /// The vendor's name for messages (`Tracker`).
    var vendor: String { get }
    /// The client whose secrets are scrubbed and whose rules keep pagination on the vendor's origin.
    var http: VendorHTTPClient { get }

    /// The profile a job runs with: its `profile` input, else the default; inline `auth` applied when allowed.
    /// - Parameter input: The job input.
    /// - Throws: `unknown_profile`, `profile_required`, `inline_auth_refused` or `invalid_input`.
    func profile(for input: JSONValue) throws(WorkerError) -> Profile

    /// The headers every request of `profile` carries, credentials excluded (they are the dry-run plan's).
    func headers(for profile: Profile) -> HTTPHeaders

    /// Sends `request` with `profile`'s credentials.
    /// - Parameters:
    ///   - request: The request, without credentials.
    ///   - profile: The profile.
    ///   - action: The action name, for messages and classifiers.
    ///   - logger: The job's logger.
    /// - Returns: The answer (status below 400, or a cached one).
    /// - Throws: ``WorkerError`` with a shared code (``VendorErrorMapping``), a pack code, or `cancelled`.
    func send(
        _ request: VendorRequest,
        profile: Profile,
        action: String,
        logger: Logger
    ) async throws(WorkerError) -> ActionAnswer
}
