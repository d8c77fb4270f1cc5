import CAP
import Crypto
import Foundation
import SwiftProtobuf
import Testing

/// CAP packet signatures as the SDKs make them: ECDSA P-256 over SHA-256, DER, over the packet with an empty
/// signature, keys by sender id.
@Suite("CAP packet signatures")
struct PacketSignatureTests {
    static let worker = P256.Signing.PrivateKey()

    static func result(sender: String = "w1", labels: [String: String] = [:]) -> Cordum_Agent_V1_BusPacket {
        var packet = Cordum_Agent_V1_BusPacket()
        packet.senderID = sender
        packet.traceID = "t1"
        packet.protocolVersion = 1
        var result = Cordum_Agent_V1_JobResult()
        result.jobID = "job-1"
        result.workerID = "w1"
        result.status = .succeeded
        packet.jobResult = result
        var request = Cordum_Agent_V1_JobRequest()
        request.labels = labels
        if !labels.isEmpty { packet.jobRequest = request }
        return packet
    }

    static let verifying = PacketKeys(publicKeys: ["w1": worker.publicKey])

    @Test func aSignedPacketVerifiesWithItsSendersKey() throws {
        let wire = try Self.result().serializedBytes(signedWith: PacketKeys(signingKey: Self.worker))
        let received = try Cordum_Agent_V1_BusPacket(serializedBytes: wire)
        #expect(!received.signature.isEmpty)
        #expect(received.verify(wire: wire, keys: Self.verifying) == .signed(sender: "w1"))
    }

    @Test func mapsAreSignedInKeyOrderSoManyLabelsStillVerify() throws {
        let labels = Dictionary(uniqueKeysWithValues: (0..<40).map { ("label-\($0)", "value-\($0)") })
        let packet = Self.result(labels: labels)
        var signed = packet
        try signed.sign(with: PacketKeys(signingKey: Self.worker))
        // Another serialization of the same packet (map order may differ) still verifies.
        let wire: [UInt8] = try signed.serializedBytes()
        #expect(signed.verify(wire: wire, keys: Self.verifying).isAccepted)
        #expect(try packet.signedBytes() == (try packet.signedBytes()))
    }

    @Test func aSignatureOverTheSendersOwnSerializationVerifies() throws {
        // A sender (an SDK in another language) signs the bytes it serialized, in its own field order.
        var packet = Self.result()
        let bytes: [UInt8] = try packet.serializedBytes()
        packet.signature = try Self.worker.signature(for: bytes).derRepresentation
        var wire = bytes
        // Field 14, length-delimited, appended after the other fields.
        wire += [14 << 3 | 2, UInt8(packet.signature.count)] + Array(packet.signature)
        let received = try Cordum_Agent_V1_BusPacket(serializedBytes: wire)
        #expect(received.verify(wire: wire, keys: Self.verifying) == .signed(sender: "w1"))
    }

    @Test func aTamperedPacketIsRejected() throws {
        var signed = Self.result()
        try signed.sign(with: PacketKeys(signingKey: Self.worker))
        signed.jobResult.status = .failed
        let wire: [UInt8] = try signed.serializedBytes()
        #expect(!signed.verify(wire: wire, keys: Self.verifying).isAccepted)
    }

    @Test func anUnsignedPacketFromASenderWithAKeyIsRejected() throws {
        let packet = Self.result()
        let wire: [UInt8] = try packet.serializedBytes()
        #expect(!packet.verify(wire: wire, keys: Self.verifying).isAccepted)
    }

    @Test func aPacketSignedByAnotherKeyIsRejected() throws {
        let wire = try Self.result().serializedBytes(signedWith: PacketKeys(signingKey: P256.Signing.PrivateKey()))
        let received = try Cordum_Agent_V1_BusPacket(serializedBytes: wire)
        #expect(!received.verify(wire: wire, keys: Self.verifying).isAccepted)
    }

    @Test func sendersWithoutAKeyAreUnsignedUnlessSignaturesAreRequired() throws {
        let packet = Self.result(sender: "sdk-worker")
        let wire: [UInt8] = try packet.serializedBytes()
        #expect(packet.verify(wire: wire, keys: Self.verifying) == .unsigned(sender: "sdk-worker"))
        var strict = Self.verifying
        strict.requireSigned = true
        #expect(!packet.verify(wire: wire, keys: strict).isAccepted)
    }
}
