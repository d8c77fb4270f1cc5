import Testing
import WorkerKit

/// Vendor URLs built from job input: nothing in a value can change the path or add a query parameter.
@Suite struct URLEncodingTests {
    @Test func componentsKeepOnlyUnreservedCharacters() {
        #expect(URLEncoding.component("a-Z_0.~") == "a-Z_0.~")
        #expect(URLEncoding.component("a b/c?d=e&f#g") == "a%20b%2Fc%3Fd%3De%26f%23g")
        #expect(URLEncoding.component("é") == "%C3%A9")
        #expect(URLEncoding.component("\n") == "%0A")
    }

    @Test func pathsKeepTheirSlashesAndEncodeEachSegment() {
        #expect(URLEncoding.path("feature/faster widgets") == "feature/faster%20widgets")
        #expect(URLEncoding.path("docs/../a?b") == "docs/../a%3Fb")
    }
}
