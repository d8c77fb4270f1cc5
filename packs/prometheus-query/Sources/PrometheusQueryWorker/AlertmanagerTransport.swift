public import StructuredData
public import WorkerKit

/// The transport of the `alertmanager.*` actions: the profile's credentials and TLS trust as ``CredentialTransport``
/// reads them, sent to the profile's `alertmanager_url` instead of its `base_url`. A profile without
/// `alertmanager_url` refuses these actions with `invalid_input` naming the profile and the field.
public struct AlertmanagerTransport: CredentialTransportOverlay {
    /// The transport of the profiles, as for Prometheus.
    public var base: CredentialTransport

    /// A transport over `base`.
    /// - Parameter base: The Prometheus transport whose profiles and credentials it shares.
    public init(base: CredentialTransport) {
        self.base = base
    }

    public var vendor: String { "Alertmanager" }

    public func profile(for input: JSONValue) throws(WorkerError) -> CredentialProfile {
        var profile = try base.profile(for: input)
        guard let url = profile.vendorProfile.string("alertmanager_url") else {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The profile \"\(profile.name)\" has no alertmanager_url, so it cannot reach Alertmanager; set alertmanager_url in its entry of \(base.settings.variablePrefix)PROFILES (or \(base.settings.variablePrefix)ALERTMANAGER_URL)."
            )
        }
        profile.baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        return profile
    }

}
