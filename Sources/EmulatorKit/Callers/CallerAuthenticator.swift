import StructuredData

/// Resolves the caller of a request from the credentials a vendor accepts, against a ``CredentialRegistry``, and
/// answers the vendor's 401 when that fails.
///
/// ```swift
/// let auth = CallerAuthenticator(schemes: [.apiKeyHeaders(["X-Org-Api-Key"], optional: ["X-Application-Key"])]) {
///     failure in .json(["errors": [.string("Forbidden")]], status: 403)
/// }
/// let caller = try auth.authenticate(request, registry: world.credentials, now: clock())
/// ```
public struct CallerAuthenticator: Sendable {
    /// The accepted schemes, tried in order; the first that finds a credential decides.
    public var schemes: [CredentialScheme]
    /// The caller of requests without credentials, or `nil` to reject them (`missing`).
    public var anonymous: AuthenticatedCaller?
    /// The vendor's answer to a failure (default: 401 `{"message", "code"}` with a `WWW-Authenticate` challenge).
    public var unauthorized: @Sendable (AuthenticationFailure) -> EmulatorResponse

    /// Creates an authenticator.
    public init(
        schemes: [CredentialScheme],
        anonymous: AuthenticatedCaller? = nil,
        unauthorized: @escaping @Sendable (AuthenticationFailure) -> EmulatorResponse = CallerAuthenticator
            .defaultUnauthorized
    ) {
        self.schemes = schemes
        self.anonymous = anonymous
        self.unauthorized = unauthorized
    }

    /// The default 401: `{"message": "...", "code": "unauthorized"}` and `WWW-Authenticate: Bearer`.
    public static let defaultUnauthorized: @Sendable (AuthenticationFailure) -> EmulatorResponse = { failure in
        .json(
            ["message": .string(failure.message), "code": "unauthorized"],
            status: 401,
            headers: ["www-authenticate": "Bearer realm=\"emulator\""]
        )
    }

    /// The credential a request presents: `nil` when it carries none of the accepted schemes.
    /// - Throws: `malformed` when a scheme's header is there but unusable, or an `Authorization` header uses a
    ///   scheme none of ``schemes`` accepts.
    public func credential(in request: EmulatorRequest) throws(AuthenticationFailure) -> PresentedCredential? {
        var problem: String?
        for scheme in schemes {
            switch scheme.read(request) {
            case .credential(let credential): return credential
            case .malformed(let reason): problem = problem ?? reason
            case .absent: continue
            }
        }
        if let problem { throw AuthenticationFailure(.malformed, problem) }
        if let (scheme, _) = CredentialScheme.authorization(request) {
            let accepted = schemes.map(\.description).joined(separator: ", ")
            throw AuthenticationFailure(
                .malformed,
                "the Authorization scheme `\(scheme)` is not accepted (accepted: \(accepted))"
            )
        }
        return nil
    }

    /// The caller of a request, or why it has none.
    public func resolve(
        _ request: EmulatorRequest,
        registry: CredentialRegistry,
        now: Double
    ) -> Result<AuthenticatedCaller, AuthenticationFailure> {
        let presented: PresentedCredential?
        do {
            presented = try credential(in: request)
        } catch {
            return .failure(error)
        }
        guard let presented else {
            if let anonymous { return .success(anonymous) }
            let accepted = schemes.map(\.description).joined(separator: ", ")
            return .failure(AuthenticationFailure(.missing, "no credentials (accepted: \(accepted))"))
        }
        return registry.caller(for: presented, now: now)
    }

    /// The caller of a request.
    /// - Throws: ``Unauthenticated`` carrying the vendor's answer (``unauthorized``).
    public func authenticate(
        _ request: EmulatorRequest,
        registry: CredentialRegistry,
        now: Double
    ) throws(Unauthenticated) -> AuthenticatedCaller {
        switch resolve(request, registry: registry, now: now) {
        case .success(let caller): return caller
        case .failure(let failure): throw Unauthenticated(failure: failure, response: unauthorized(failure))
        }
    }

    /// Runs `body` with `caller` as ``AuthenticatedCaller/current``.
    public static func withCaller<Result: Sendable>(
        _ caller: AuthenticatedCaller,
        _ body: () async throws -> Result
    ) async rethrows -> Result {
        try await AuthenticatedCaller.$current.withValue(caller, operation: body)
    }
}
