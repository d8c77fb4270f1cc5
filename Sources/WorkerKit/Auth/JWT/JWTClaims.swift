public import Foundation

/// The registered claims WorkerKit signs (RFC 7519 §4.1): `iss`, `iat`, `exp`, and optionally `aud`, `sub`, `nbf`
/// and `jti`, and the `scope` of an OAuth JWT-bearer assertion (RFC 7523, as Google asks for it). Times are whole
/// seconds since 1970 (NumericDate).
public struct JWTClaims: Sendable, Hashable {
    /// The `iss` claim: a string, or a number for issuers identified by one (an app id, say).
    public enum Issuer: Sendable, Hashable {
        /// `"iss": "<text>"`.
        case string(String)
        /// `"iss": <number>`.
        case number(Int)
    }

    /// `iss`.
    public var issuer: Issuer
    /// `iat`.
    public var issuedAt: Date
    /// `exp`.
    public var expiresAt: Date
    /// `aud`, when set.
    public var audience: String?
    /// `sub`, when set.
    public var subject: String?
    /// `scope` (space-separated), when set.
    public var scope: String?
    /// `nbf`, when set.
    public var notBefore: Date?
    /// `jti`, when set: a unique id, so the receiver can refuse an assertion replayed (RFC 7523 §3).
    public var jwtID: String?

    /// Claims.
    /// - Parameters:
    ///   - issuer: `iss`.
    ///   - issuedAt: `iat`.
    ///   - expiresAt: `exp`.
    ///   - audience: `aud`.
    ///   - subject: `sub`.
    ///   - scope: `scope`.
    ///   - notBefore: `nbf`.
    ///   - jwtID: `jti`.
    public init(
        issuer: Issuer,
        issuedAt: Date,
        expiresAt: Date,
        audience: String? = nil,
        subject: String? = nil,
        scope: String? = nil,
        notBefore: Date? = nil,
        jwtID: String? = nil
    ) {
        self.issuer = issuer
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.audience = audience
        self.subject = subject
        self.scope = scope
        self.notBefore = notBefore
        self.jwtID = jwtID
    }

    /// Claims for a token made at `now`: `iat` is `now` less `clockSkew` (so a server whose clock is behind still
    /// accepts it), `exp` is `now` plus `lifetime`; both rounded down to whole seconds.
    /// - Parameters:
    ///   - issuer: `iss`.
    ///   - now: The current time.
    ///   - lifetime: Seconds from `now` to `exp`.
    ///   - clockSkew: Seconds `iat` is set in the past; default 60.
    ///   - audience: `aud`.
    ///   - subject: `sub`.
    ///   - scope: `scope`.
    public static func issued(
        by issuer: Issuer,
        at now: Date,
        lifetime: TimeInterval,
        clockSkew: TimeInterval = 60,
        audience: String? = nil,
        subject: String? = nil,
        scope: String? = nil
    ) -> JWTClaims {
        let seconds = now.timeIntervalSince1970.rounded(.down)
        return JWTClaims(
            issuer: issuer,
            issuedAt: Date(timeIntervalSince1970: seconds - clockSkew.rounded(.up)),
            expiresAt: Date(timeIntervalSince1970: seconds + lifetime.rounded(.down)),
            audience: audience,
            subject: subject,
            scope: scope
        )
    }
}

extension JWTClaims: Codable {
    private enum Key: String, CodingKey {
        case iss, iat, exp, aud, sub, scope, nbf, jti
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let number = try? container.decode(Int.self, forKey: .iss) {
            issuer = .number(number)
        } else {
            issuer = .string(try container.decode(String.self, forKey: .iss))
        }
        issuedAt = Date(timeIntervalSince1970: Double(try container.decode(Int64.self, forKey: .iat)))
        expiresAt = Date(timeIntervalSince1970: Double(try container.decode(Int64.self, forKey: .exp)))
        audience = try container.decodeIfPresent(String.self, forKey: .aud)
        subject = try container.decodeIfPresent(String.self, forKey: .sub)
        scope = try container.decodeIfPresent(String.self, forKey: .scope)
        notBefore = try container.decodeIfPresent(Int64.self, forKey: .nbf).map {
            Date(timeIntervalSince1970: Double($0))
        }
        jwtID = try container.decodeIfPresent(String.self, forKey: .jti)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch issuer {
        case .string(let text): try container.encode(text, forKey: .iss)
        case .number(let number): try container.encode(number, forKey: .iss)
        }
        try container.encode(Int64(issuedAt.timeIntervalSince1970.rounded(.down)), forKey: .iat)
        try container.encode(Int64(expiresAt.timeIntervalSince1970.rounded(.down)), forKey: .exp)
        try container.encodeIfPresent(audience, forKey: .aud)
        try container.encodeIfPresent(subject, forKey: .sub)
        try container.encodeIfPresent(scope, forKey: .scope)
        try container.encodeIfPresent(notBefore.map { Int64($0.timeIntervalSince1970.rounded(.down)) }, forKey: .nbf)
        try container.encodeIfPresent(jwtID, forKey: .jti)
    }
}
