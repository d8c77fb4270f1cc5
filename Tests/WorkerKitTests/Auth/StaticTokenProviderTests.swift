import Foundation
import Logging
import Testing
import WorkerKit

@Suite("Static token providers")
struct StaticTokenProviderTests {
    @Test func sendsEachScheme() async throws {
        let logger = Logger(label: "test")
        let bearer = try StaticTokenProvider("abc123")
        #expect(try await bearer.authorization(logger: logger) == "Bearer abc123")
        #expect(bearer.kind == "bearer")
        let token = try StaticTokenProvider("abc123", scheme: .token)
        #expect(try await token.authorization(logger: logger) == "token abc123")
        let basic = try StaticTokenProvider("p@ss:word", scheme: .basic(username: "ci-bot"))
        let expected = "Basic " + Data("ci-bot:p@ss:word".utf8).base64EncodedString()
        #expect(try await basic.authorization(logger: logger) == expected)
        #expect(basic.kind == "basic")
        // A fixed credential: a 401 cannot be cured by asking again.
        #expect(await bearer.refused("Bearer abc123") == false)
    }

    @Test func identityFollowsTheCredential() throws {
        let one = try StaticTokenProvider("abc123")
        #expect(one.identity == (try StaticTokenProvider("abc123")).identity)
        #expect(one.identity != (try StaticTokenProvider("abc124")).identity)
        #expect(one.identity != (try StaticTokenProvider("abc123", scheme: .token)).identity)
        let alice = try StaticTokenProvider("pw", scheme: .basic(username: "alice"))
        #expect(alice.identity != (try StaticTokenProvider("pw", scheme: .basic(username: "bob"))).identity)
        #expect(!one.identity.description.contains("abc123") && !one.identity.digest.contains("abc123"))
    }

    @Test(arguments: [
        ("", StaticTokenProvider.Scheme.bearer, "token"),
        ("line\nbreak", .bearer, "token"),
        ("tab\there", .token, "token"),
        ("pw", .basic(username: "a:b"), "username"),
        ("pw", .basic(username: ""), "username"),
        ("", .basic(username: "alice"), "password_field"),
    ])
    func badValuesNameTheField(secret: String, scheme: StaticTokenProvider.Scheme, field: String) {
        do {
            _ = try StaticTokenProvider(secret, scheme: scheme, field: field == "username" ? "token" : field)
            Issue.record("accepted \(scheme)")
        } catch {
            #expect(error.code == .invalidToken)
            #expect(error.field == field)
            if !secret.isEmpty, secret != "pw" { #expect(!error.message.contains(secret)) }
        }
    }
}
