/// A profile of ``VendorSettings`` as ``CredentialTransport`` uses it: its base URL, the provider of its credential
/// (``VendorProfile/credentialProvider(defaults:http:tokens:now:)``), its own TLS settings, and the HTTP client of
/// its TLS identity.
public struct CredentialProfile: ActionProfile {
    /// The profile as parsed.
    public var vendorProfile: VendorProfile
    /// The API base URL, without a trailing slash.
    public var baseURL: String
    /// The credential; `nil` for anonymous requests.
    public var credential: (any CredentialProvider)?
    /// The profile's own TLS trust and client certificate, if it sets any.
    public var tls: ProfileTLS?
    /// The client its requests and token exchanges go through (``TLSClientCache`` when it has TLS settings).
    public var http: VendorHTTPClient

    /// The profile name.
    public var name: String { vendorProfile.name }
    /// The credential's kind (`bearer`, `basic`, `api_key`, `oauth`, …), or `none`.
    public var authKind: String { credential?.kind ?? "none" }
}
