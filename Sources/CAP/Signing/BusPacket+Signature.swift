import Crypto
import Foundation
import SwiftProtobuf

/// What checking a received packet's signature found.
public enum PacketVerdict: Sendable, Hashable {
    /// The sender has a key and the signature is valid.
    case signed(sender: String)
    /// The sender has no key and the packet is accepted unsigned (``PacketKeys/requireSigned`` is off).
    case unsigned(sender: String)
    /// The packet must be dropped: why, in one sentence.
    case rejected(reason: String)

    /// Whether the packet may be used.
    public var isAccepted: Bool {
        if case .rejected = self { return false }
        return true
    }
}

extension Cordum_Agent_V1_BusPacket {
    /// The bytes a signature covers: the packet serialized with an empty signature, map entries in key order.
    public func signedBytes() throws -> [UInt8] {
        var unsigned = self
        unsigned.signature = Data()
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        return try unsigned.serializedBytes(options: options)
    }

    /// Signs the packet with `keys.signingKey` (no change without one).
    public mutating func sign(with keys: PacketKeys) throws {
        guard let key = keys.signingKey else { return }
        signature = try key.signature(for: signedBytes()).derRepresentation
    }

    /// The packet serialized for the wire, signed when `keys` has a signing key.
    public func serializedBytes(signedWith keys: PacketKeys) throws -> [UInt8] {
        var packet = self
        try packet.sign(with: keys)
        return try packet.serializedBytes()
    }

    /// Checks the signature of a packet received as `wire` bytes against `keys`.
    ///
    /// The signature is checked over the received bytes without field 14 (what the sender serialized) and, failing
    /// that, over the deterministic re-serialization (senders whose map order differs between two serializations).
    public func verify(wire: [UInt8], keys: PacketKeys) -> PacketVerdict {
        guard let key = keys.publicKeys[senderID] else {
            if keys.requireSigned {
                return .rejected(reason: "the sender \"\(senderID)\" has no trusted key and signatures are required")
            }
            return .unsigned(sender: senderID)
        }
        guard !signature.isEmpty else {
            return .rejected(reason: "the packet from \"\(senderID)\" is not signed, but that sender has a key")
        }
        guard let ecdsa = try? P256.Signing.ECDSASignature(derRepresentation: signature) else {
            return .rejected(reason: "the signature of the packet from \"\(senderID)\" is not DER-encoded ECDSA")
        }
        if let stripped = BusPacketWire.removingSignature(wire), key.isValidSignature(ecdsa, for: stripped) {
            return .signed(sender: senderID)
        }
        if let bytes = try? signedBytes(), key.isValidSignature(ecdsa, for: bytes) {
            return .signed(sender: senderID)
        }
        return .rejected(reason: "the signature of the packet from \"\(senderID)\" does not verify with its key")
    }
}

/// The protobuf wire format of a `BusPacket`, as far as removing its signature needs it.
enum BusPacketWire {
    /// `bytes` without field 14 (the signature), every other field byte for byte; nil when not protobuf.
    static func removingSignature(_ bytes: [UInt8]) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let start = index
            guard let tag = varint(bytes, &index) else { return nil }
            let field = tag >> 3
            switch tag & 7 {
            case 0: guard varint(bytes, &index) != nil else { return nil }
            case 1: index += 8
            case 2:
                guard let length = varint(bytes, &index), length <= UInt64(bytes.count - index) else { return nil }
                index += Int(length)
            case 5: index += 4
            default: return nil
            }
            guard index <= bytes.count else { return nil }
            if field != 14 { result.append(contentsOf: bytes[start..<index]) }
        }
        return result
    }

    private static func varint(_ bytes: [UInt8], _ index: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
