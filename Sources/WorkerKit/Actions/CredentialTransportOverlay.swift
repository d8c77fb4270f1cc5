public import Logging
public import NIOHTTP1
public import StructuredData

/// A pack's transport built on ``CredentialTransport``: the same profiles, credentials and TLS trust, with only what
/// the vendor needs changed (where a profile points, how an answer reads). Conform, give ``base``, and implement only
/// what differs: the rest goes to `base`.
public protocol CredentialTransportOverlay: ActionTransport where Profile == CredentialProfile {
    /// The transport underneath.
    var base: CredentialTransport { get }
}

extension CredentialTransportOverlay {
    public var http: VendorHTTPClient { base.http }

    public func profile(for input: JSONValue) throws(WorkerError) -> CredentialProfile {
        try base.profile(for: input)
    }

    public func headers(for profile: CredentialProfile) -> HTTPHeaders {
        base.headers(for: profile)
    }

    public func send(
        _ request: VendorRequest,
        profile: CredentialProfile,
        action: String,
        logger: Logger
    ) async throws(WorkerError) -> ActionAnswer {
        try await base.send(request, profile: profile, action: action, logger: logger)
    }
}
