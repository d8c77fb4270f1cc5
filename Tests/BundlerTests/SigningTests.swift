import Bundler
import Foundation
import Testing

@Suite struct SigningTests {
    @Test func aSignatureChecksOutWithTheMatchingPublicKeyOnly() throws {
        let key = SigningKey.generate()
        let catalog = Array("{\"updated_at\": \"x\", \"packs\": []}\n".utf8)
        let signature = try CatalogSigner.sign(catalog, with: key)
        #expect(signature.algorithm == "ed25519")
        #expect(signature.keyID == key.keyID)
        #expect(signature.signature.count == 64)
        #expect(CatalogSigner.check(catalog, signature: signature, key: key.publicKey, file: "s") == nil)
        let tampered = catalog.dropLast() + Array(" \n".utf8)
        #expect(
            CatalogSigner.check(Array(tampered), signature: signature, key: key.publicKey, file: "s")?.code
                == .badSignature
        )
        let other = SigningKey.generate().publicKey
        #expect(CatalogSigner.check(catalog, signature: signature, key: other, file: "s")?.code == .badSignature)
    }

    @Test func aSignatureFileRoundTrips() throws {
        let signature = try CatalogSigner.sign([1, 2, 3], with: SigningKey.generate())
        let text = String(decoding: signature.bytes, as: UTF8.self)
        #expect(
            text.hasPrefix(
                "{\n  \"algorithm\": \"ed25519\",\n  \"key_id\": \"\(signature.keyID)\",\n  \"signature\": \""
            )
        )
        #expect(text.hasSuffix("\"\n}\n"))
        #expect(try CatalogSignature(bytes: signature.bytes, file: "s") == signature)
        let error = #expect(throws: BundlerError.self) { try CatalogSignature(bytes: Array("{}".utf8), file: "s") }
        #expect(error?.code == .badSignature)
    }

    @Test func keyFilesRoundTripAndTheKeyIDIsTheDigestPrefix() throws {
        let key = SigningKey.generate()
        let reread = try SigningKey(fileContents: key.fileContents, file: "k")
        #expect(reread.keyID == key.keyID)
        let publicKey = try PublicKey(fileContents: key.publicKey.fileContents, file: "p")
        #expect(publicKey == key.publicKey)
        #expect(key.keyID.count == 16 && key.keyID.allSatisfy(\.isHexDigit))
        let line = String(decoding: key.publicKey.fileContents, as: UTF8.self)
        #expect(line.hasPrefix("ed25519 \(key.keyID) ") && line.hasSuffix("\n"))
    }

    @Test func keyMaterialNeverAppearsInDescriptions() throws {
        let key = SigningKey.generate()
        let secret = try #require(String(decoding: key.fileContents, as: UTF8.self).split(separator: " ").last)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect("\(key)" == "signing key \(key.keyID)")
        #expect(!String(reflecting: key).contains(secret))
    }

    @Test func keysOfTheWrongKindOrDamagedAreRefused() throws {
        let key = SigningKey.generate()
        #expect(throws: BundlerError.self) { try SigningKey(fileContents: key.publicKey.fileContents, file: "p") }
        #expect(throws: BundlerError.self) { try PublicKey(fileContents: key.fileContents, file: "k") }
        let damaged = String(decoding: key.publicKey.fileContents, as: UTF8.self)
            .replacingOccurrences(of: key.keyID, with: "0000000000000000")
        let error = #expect(throws: BundlerError.self) { try PublicKey(fileContents: Array(damaged.utf8), file: "p") }
        #expect(error?.code == .invalidKey)
    }

    @Test func keygenWritesAPrivateFileAndRefusesToOverwrite() throws {
        let fixture = try BundlerFixture()
        let key = SigningKey.generate()
        let paths = try KeyFiles.write(key, name: "catalog", folder: fixture.path("keys"), force: false)
        #expect(paths.privateKey == fixture.path("keys/catalog.key"))
        let mode = try FileManager.default.attributesOfItem(atPath: paths.privateKey)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!KeyFiles.isExposed(paths.privateKey))
        #expect(try KeyFiles.signingKey(at: paths.privateKey).keyID == key.keyID)
        #expect(try KeyFiles.publicKey(at: paths.publicKey) == key.publicKey)
        let error = #expect(throws: BundlerError.self) {
            try KeyFiles.write(SigningKey.generate(), name: "catalog", folder: fixture.path("keys"), force: false)
        }
        #expect(error?.code == .fileExists)
        #expect(try KeyFiles.signingKey(at: paths.privateKey).keyID == key.keyID, "the old key is untouched")
        let replacement = SigningKey.generate()
        _ = try KeyFiles.write(replacement, name: "catalog", folder: fixture.path("keys"), force: true)
        #expect(try KeyFiles.signingKey(at: paths.privateKey).keyID == replacement.keyID)
    }
}
