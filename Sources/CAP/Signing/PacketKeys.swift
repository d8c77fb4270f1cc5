public import Crypto

/// The keys of CAP packet signatures (`BusPacket.signature`, field 14), as the CAP SDKs use them: ECDSA P-256 over
/// SHA-256, DER-encoded, over the packet serialized with an empty signature; public keys are looked up by
/// `sender_id` and distributed out of band.
///
/// Unsigned is the default (Cordum neither signs nor verifies). With keys, a packet from a sender that has a key
/// must carry its valid signature, and with ``requireSigned`` a packet from a sender without a key is refused too.
public struct PacketKeys: Sendable {
    /// This side's key: every packet it publishes is signed with it.
    public var signingKey: P256.Signing.PrivateKey?
    /// The public keys of the senders this side trusts, by `sender_id`.
    public var publicKeys: [String: P256.Signing.PublicKey]
    /// Refuse packets from senders without a key (otherwise they are accepted unsigned, as Cordum does).
    public var requireSigned: Bool

    /// Keys for signing and verifying.
    /// - Parameters:
    ///   - signingKey: The key packets are signed with; unsigned when nil.
    ///   - publicKeys: The trusted senders' keys, by `sender_id`.
    ///   - requireSigned: Whether senders without a key are refused.
    public init(
        signingKey: P256.Signing.PrivateKey? = nil,
        publicKeys: [String: P256.Signing.PublicKey] = [:],
        requireSigned: Bool = false
    ) {
        self.signingKey = signingKey
        self.publicKeys = publicKeys
        self.requireSigned = requireSigned
    }

    /// Whether any key is configured (otherwise packets go unsigned and unverified).
    public var isEmpty: Bool { signingKey == nil && publicKeys.isEmpty && !requireSigned }
}
