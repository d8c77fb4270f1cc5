import Crypto

/// Cordum's policy snapshot ids.
enum Snapshot {
    /// The base file's id: lower-case hex SHA-256 of the raw bytes, prefixed `<version>:` when the version is set.
    static func base(bytes: [UInt8], version: String) -> String {
        let digest = hex(SHA256.hash(data: bytes))
        return version.isEmpty ? digest : version + ":" + digest
    }

    /// The fragments' id: `cfg:` + hex SHA-256 over each used bundle's key, one zero byte, and its raw content, in
    /// key order; empty when no bundle is used.
    static func fragments(_ fragments: [PolicyFragment]) -> String {
        guard !fragments.isEmpty else { return "" }
        var hasher = SHA256()
        for fragment in fragments {
            hasher.update(data: Array(fragment.key.utf8))
            hasher.update(data: [0])
            hasher.update(data: Array(fragment.content.utf8))
        }
        return "cfg:" + hex(hasher.finalize())
    }

    /// `base|fragments`, or whichever side is not empty.
    static func combined(base: String, fragments: String) -> String {
        switch (base.isEmpty, fragments.isEmpty) {
        case (false, false): base + "|" + fragments
        case (true, _): fragments
        case (false, true): base
        }
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(SHA256.byteCount * 2)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
