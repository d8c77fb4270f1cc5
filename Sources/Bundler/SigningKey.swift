import Crypto
import Foundation

/// An Ed25519 private key that signs catalogs.
///
/// Its file (`NAME.key`, mode 0600) holds a comment line and `ed25519-private <key id> <base64 of the 32-byte
/// seed>`. ``description`` shows only the key id: the key material is never printed.
public struct SigningKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let key: Curve25519.Signing.PrivateKey

    /// The first word of a private key line.
    static let label = "ed25519-private"

    private init(key: Curve25519.Signing.PrivateKey) { self.key = key }

    /// A new random key.
    public static func generate() -> SigningKey { SigningKey(key: Curve25519.Signing.PrivateKey()) }

    /// Reads a key file's contents.
    /// - Parameters:
    ///   - fileContents: the file's bytes.
    ///   - file: the file, as named in messages.
    /// - Throws: ``BundlerError`` with code ``BundlerError/Code/invalidKey``; the message never quotes the file.
    public init(fileContents: [UInt8], file: String) throws(BundlerError) {
        let line = try KeyLine(fileContents, file: file, expected: Self.label)
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: line.key) else {
            throw KeyLine.invalid(file, "the key is not a 32-byte Ed25519 seed")
        }
        self.key = key
        guard publicKey.keyID == line.keyID else {
            throw KeyLine.invalid(file, "the key id does not belong to the key; the file is damaged")
        }
    }

    /// The file's contents: a comment line, then `ed25519-private <key id> <base64 seed>`.
    public var fileContents: [UInt8] {
        let seed = Data(key.rawRepresentation).base64EncodedString()
        let comment = "# Cordum packs catalog signing key (Ed25519). Secret: keep it out of version control."
        return Array("\(comment)\n\(Self.label) \(keyID) \(seed)\n".utf8)
    }

    /// The matching public key.
    public var publicKey: PublicKey { PublicKey(raw: [UInt8](key.publicKey.rawRepresentation)) }

    /// The key id: the first 16 hex digits of the sha256 of the raw public key.
    public var keyID: String { publicKey.keyID }

    /// Signs bytes.
    /// - Parameter bytes: the exact bytes to sign.
    /// - Returns: the 64-byte Ed25519 signature.
    public func sign(_ bytes: [UInt8]) throws(BundlerError) -> [UInt8] {
        do {
            return [UInt8](try key.signature(for: bytes))
        } catch {
            throw BundlerError(code: .badSignature, location: "", message: "signing failed: \(error)")
        }
    }

    /// `signing key <key id>`; never the key itself.
    public var description: String { "signing key \(keyID)" }
    /// `signing key <key id>`; never the key itself.
    public var debugDescription: String { description }
}

/// An Ed25519 public key that checks catalog signatures.
///
/// Its file (`NAME.pub`) holds `ed25519 <key id> <base64 of the 32-byte key>`.
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The raw 32-byte key.
    public let rawRepresentation: [UInt8]

    /// The first word of a public key line.
    static let label = "ed25519"

    init(raw: [UInt8]) { self.rawRepresentation = raw }

    /// Reads a public key file's contents.
    /// - Parameters:
    ///   - fileContents: the file's bytes.
    ///   - file: the file, as named in messages.
    /// - Throws: ``BundlerError`` with code ``BundlerError/Code/invalidKey``.
    public init(fileContents: [UInt8], file: String) throws(BundlerError) {
        let line = try KeyLine(fileContents, file: file, expected: Self.label)
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: line.key)) != nil else {
            throw KeyLine.invalid(file, "the key is not a 32-byte Ed25519 public key")
        }
        self.rawRepresentation = line.key
        guard keyID == line.keyID else {
            throw KeyLine.invalid(file, "the key id does not belong to the key; the file is damaged")
        }
    }

    /// The file's contents: `ed25519 <key id> <base64 key>` and a newline.
    public var fileContents: [UInt8] {
        Array("\(Self.label) \(keyID) \(Data(rawRepresentation).base64EncodedString())\n".utf8)
    }

    /// The key id: the first 16 hex digits of the sha256 of the raw key.
    public var keyID: String { String(Digest.sha256(rawRepresentation).prefix(16)) }

    /// Whether `signature` is this key's Ed25519 signature of `bytes`.
    /// - Parameters:
    ///   - signature: the signature.
    ///   - bytes: the signed bytes.
    public func isValidSignature(_ signature: [UInt8], for bytes: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
        return key.isValidSignature(signature, for: bytes)
    }

    /// `public key <key id>`.
    public var description: String { "public key \(keyID)" }
}

/// The one key line of a key file: `<label> <key id> <base64>`; blank lines and `#` comments around it.
private struct KeyLine {
    var keyID: String
    var key: [UInt8]

    init(_ contents: [UInt8], file: String, expected: String) throws(BundlerError) {
        let text = String(decoding: contents, as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let other = expected == SigningKey.label ? PublicKey.label : SigningKey.label
        guard lines.count == 1 else {
            throw Self.invalid(file, "a key file holds one line \"\(expected) <key id> <base64 key>\"")
        }
        let words = lines[0].split(separator: " ", omittingEmptySubsequences: true)
        if words.first.map(String.init) == other {
            throw Self.invalid(
                file,
                other == PublicKey.label
                    ? "this is a public key; signing needs the private key (NAME.key)"
                    : "this is a private key; give the public key (NAME.pub)",
                hint: nil
            )
        }
        guard words.count == 3, words[0] == expected, let key = Data(base64Encoded: String(words[2])) else {
            throw Self.invalid(file, "a key file holds one line \"\(expected) <key id> <base64 key>\"")
        }
        self.keyID = String(words[1])
        self.key = [UInt8](key)
    }

    static func invalid(_ file: String, _ message: String, hint: String? = "create a key pair with packctl keygen")
        -> BundlerError
    {
        BundlerError(code: .invalidKey, location: file, message: message, hint: hint)
    }
}
