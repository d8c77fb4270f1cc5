import Foundation
import Testing
import WorkerKit

/// A handler that encodes its token before it leaks it still leaks nothing: the registry knows the encoded forms.
@Suite("Secret forms")
struct SecretFormsTests {
    /// A token with characters every encoding changes: `/`, `+`, `=`, a space, a quote, `&` and a non-ASCII letter.
    static let token = "ghp_Tok/en+Se=cret 42\"&é"

    /// RFC 3986's unreserved characters: everything else is percent-encoded.
    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )

    /// Each way a handler could encode the token, by name.
    static let encodings: [(String, @Sendable (String) -> String)] = [
        ("percent-encoded", { $0.addingPercentEncoding(withAllowedCharacters: unreserved)! }),
        (
            "percent-encoded, lower-case hex",
            { $0.addingPercentEncoding(withAllowedCharacters: unreserved)!.lowercasedEscapes }
        ),
        (
            "form-encoded",
            { $0.addingPercentEncoding(withAllowedCharacters: unreserved)!.replacingOccurrences(of: "%20", with: "+") }
        ),
        (
            "JSON-escaped",
            { String(String(decoding: try! JSONEncoder().encode($0), as: UTF8.self).dropFirst().dropLast()) }
        ),
        ("JSON-escaped as Go writes it", { _ in #"ghp_Tok/en+Se=cret 42\"\u0026é"# }),
        ("JSON-escaped as Python writes it", { _ in #"ghp_Tok/en+Se=cret 42\"&\u00e9"# }),
        ("base64", { Data($0.utf8).base64EncodedString() }),
        ("base64 without padding", { Data($0.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "") }),
        ("base64url", { Data($0.utf8).base64EncodedString().urlSafe }),
        (
            "base64url without padding",
            { Data($0.utf8).base64EncodedString().urlSafe.replacingOccurrences(of: "=", with: "") }
        ),
    ]

    @Test(arguments: encodings.map(\.0))
    func aTokenEchoedInAnEncodedFormIsScrubbed(_ name: String) throws {
        let encode = try #require(Self.encodings.first { $0.0 == name }?.1)
        let secrets = SecretRegistry([Self.token])
        let encoded = encode(Self.token)
        #expect(encoded != Self.token)
        let scrubbed = secrets.scrub("token=\(encoded)&next=1")
        #expect(scrubbed == "token=\(SecretRegistry.mask)&next=1", "\(name): \(scrubbed)")
        #expect(secrets.containsSecret("x \(encoded) y"))
    }

    @Test(arguments: ["", "u", "us"])
    func aTokenInsideABasicAuthorizationHeaderIsScrubbed(_ user: String) {
        let secrets = SecretRegistry([Self.token])
        for encoded in [Data("\(user):\(Self.token)".utf8), Data("\(user)\(Self.token):x".utf8)] {
            let header = "Basic " + encoded.base64EncodedString()
            let scrubbed = secrets.scrub(header)
            #expect(scrubbed.contains(SecretRegistry.mask), "\(header)")
            // What is left of the token's encoding is at most the two partial groups at its edges.
            #expect(scrubbed.count <= "Basic ".count + SecretRegistry.mask.count + 16, "\(scrubbed)")
        }
    }

    @Test func bytesLoseTheEncodedFormsToo() {
        let secrets = SecretRegistry([Self.token])
        let text = "a=" + Data(Self.token.utf8).base64EncodedString() + ";"
        #expect(String(decoding: secrets.scrub(Array(text.utf8)), as: UTF8.self) == "a=\(SecretRegistry.mask);")
    }

    @Test func shortCommonTextIsNotMaskedByAShortSecret() {
        let secrets = SecretRegistry(["abc"])
        // "abc" in base64 is "YWJj": that exact form is masked, but no shorter base64 fragment is.
        #expect(secrets.scrub("YWJ and abd") == "YWJ and abd")
        #expect(secrets.scrub("YWJj") == SecretRegistry.mask)
    }
}

extension String {
    fileprivate var urlSafe: String {
        replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    fileprivate var lowercasedEscapes: String {
        var result = ""
        var remaining = 0
        for character in self {
            if character == "%" {
                remaining = 2
                result.append(character)
            } else if remaining > 0 {
                remaining -= 1
                result += character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
