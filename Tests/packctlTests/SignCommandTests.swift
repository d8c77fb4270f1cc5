import Foundation
import Testing

@Suite struct SignCommandTests {
    /// A folder with a build in `public/` and a key pair in `keys/`.
    static func signedBuild() async throws -> String {
        let folder = try BuildCommandTests.temporaryFolder()
        #expect(try await PackctlRunner.run(["build", "packs/hello", "--out", folder + "/public"]).status == 0)
        let keygen = try await PackctlRunner.run(["keygen", "--out", folder + "/keys"])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let sign = try await PackctlRunner.run([
            "sign", "--key", folder + "/keys/catalog.key", folder + "/public/catalog.json",
        ])
        #expect(sign.status == 0, "\(sign.stderr)")
        return folder
    }

    /// The base64 seed in a private key file.
    static func secret(_ folder: String) throws -> String {
        let text = try String(contentsOfFile: folder + "/keys/catalog.key", encoding: .utf8)
        return String(try #require(text.split(whereSeparator: \.isWhitespace).last))
    }

    @Test func keygenSignVerifyRoundTripNeverPrintsTheKey() async throws {
        let folder = try BuildCommandTests.temporaryFolder()
        let keygen = try await PackctlRunner.run(["keygen", "--name", "release", "--out", folder + "/keys"])
        #expect(keygen.status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: folder + "/keys/release.key")[.posixPermissions]
        #expect(mode as? Int == 0o600)
        #expect(FileManager.default.fileExists(atPath: folder + "/keys/release.pub"))
        #expect(try await PackctlRunner.run(["build", "packs/hello", "--out", folder + "/public"]).status == 0)
        let sign = try await PackctlRunner.run([
            "sign", "--key", folder + "/keys/release.key", folder + "/public/catalog.json",
        ])
        #expect(sign.status == 0)
        #expect(sign.stdout.contains("→ \(folder)/public/catalog.json.sig"))
        let verify = try await PackctlRunner.run(["verify", "--key", folder + "/keys/release.pub", folder + "/public"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("signature: ok (ed25519, key id "))
        #expect(verify.stdout.contains("ok hello 0.1.0"))
        let text = try String(contentsOfFile: folder + "/keys/release.key", encoding: .utf8)
        let secret = String(try #require(text.split(whereSeparator: \.isWhitespace).last))
        for output in [keygen, sign, verify] {
            #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret))
        }
    }

    @Test func keygenRefusesToReplaceKeysWithoutForce() async throws {
        let folder = try BuildCommandTests.temporaryFolder()
        #expect(try await PackctlRunner.run(["keygen", "--out", folder]).status == 0)
        let before = FileManager.default.contents(atPath: folder + "/catalog.key")
        let again = try await PackctlRunner.run(["keygen", "--out", folder])
        #expect(again.status == 2)
        #expect(again.stderr.contains("catalog.key: the file exists"))
        #expect(FileManager.default.contents(atPath: folder + "/catalog.key") == before)
        #expect(try await PackctlRunner.run(["keygen", "--out", folder, "--force"]).status == 0)
        #expect(FileManager.default.contents(atPath: folder + "/catalog.key") != before)
        #expect(try await PackctlRunner.run(["keygen", "--name", "../x"]).status == 64)
    }

    @Test func aTamperedCatalogFailsVerifyWithExitOne() async throws {
        let folder = try await Self.signedBuild()
        let path = folder + "/public/catalog.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"risk_tags\": [\n        \"read\",\n", with: "\"risk_tags\": [\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let verify = try await PackctlRunner.run(["verify", "--key", folder + "/keys/catalog.pub", folder + "/public"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("bad_signature: the signature does not match"))
        #expect(verify.stdout.contains("entry_mismatch: hello 0.1.0: risk_tags is [write] in the catalog"))
    }

    @Test func aTamperedBundleFailsVerifyWithExitOne() async throws {
        let folder = try await Self.signedBuild()
        let bundle = folder + "/public/packs/hello/0.1.0/pack.tgz"
        var bytes = [UInt8](try #require(FileManager.default.contents(atPath: bundle)))
        bytes[bytes.count - 9] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: bundle))
        let verify = try await PackctlRunner.run(
            ["verify", "--key", folder + "/keys/catalog.pub", folder + "/public", "--format", "json"]
        )
        #expect(verify.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        #expect(object["passed"] as? Bool == false)
        let entries = try #require(object["entries"] as? [[String: Any]])
        let codes = (entries.first?["problems"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes?.first == "digest_mismatch")
    }

    @Test func theWrongKeyFailsAndAMissingKeyIsUnusableInput() async throws {
        let folder = try await Self.signedBuild()
        #expect(try await PackctlRunner.run(["keygen", "--name", "other", "--out", folder + "/keys"]).status == 0)
        let wrong = try await PackctlRunner.run(["verify", "--key", folder + "/keys/other.pub", folder + "/public"])
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("the catalog was signed with key"))
        let missing = try await PackctlRunner.run(["verify", folder + "/public"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("give the public key"))
        let privateKey = try await PackctlRunner.run([
            "verify", "--key", folder + "/keys/catalog.key", folder + "/public",
        ])
        #expect(privateKey.status == 2)
        #expect(!privateKey.stderr.contains(try Self.secret(folder)))
    }

    @Test func signRefusesAPublicKeyAndAFileThatIsNotACatalog() async throws {
        let folder = try await Self.signedBuild()
        let pub = try await PackctlRunner.run([
            "sign", "--key", folder + "/keys/catalog.pub", folder + "/public/catalog.json",
        ])
        #expect(pub.status == 2)
        #expect(pub.stderr.contains("this is a public key"))
        let notCatalog = try await PackctlRunner.run([
            "sign", "--key", folder + "/keys/catalog.key", folder + "/keys/catalog.pub",
        ])
        #expect(notCatalog.status == 2)
    }

    @Test func verifyLoadsEveryBundle() async throws {
        let folder = try BuildCommandTests.temporaryFolder()
        #expect(try await PackctlRunner.run(["build", "packs/hello", "--out", folder + "/public"]).status == 0)
        // A bundle with the right digest in the catalog that the installer would refuse: no pack.yaml.
        let bundle = folder + "/public/packs/hello/0.1.0/pack.tgz"
        let gzip = try #require(FileManager.default.contents(atPath: bundle))
        let empty = Data([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        try empty.write(to: URL(fileURLWithPath: bundle))
        let catalogPath = folder + "/public/catalog.json"
        let catalog = try String(contentsOfFile: catalogPath, encoding: .utf8)
        let oldSHA = try #require(catalog.firstMatch(of: /"sha256": "([0-9a-f]{64})"/)?.1)
        let newSHA = try #require(
            try await PackctlRunner.run(["verify", folder + "/public", "--format", "json"]).stdout
                .firstMatch(of: /sha256 is ([0-9a-f]{64})/)?.1
        )
        try catalog.replacingOccurrences(of: String(oldSHA), with: String(newSHA))
            .replacingOccurrences(of: "\"size\": \(gzip.count)", with: "\"size\": \(empty.count)")
            .write(toFile: catalogPath, atomically: true, encoding: .utf8)
        let verify = try await PackctlRunner.run(["verify", folder + "/public"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("bundle_invalid: hello 0.1.0: the bundle does not load"))
        #expect(!verify.stdout.contains("digest_mismatch"))
    }
}
