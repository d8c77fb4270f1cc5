import Testing
import WorkerKit

@Suite("Glob patterns and allow/deny lists")
struct AccessListTests {
    @Test(arguments: [
        ("org/*", "org/repo", true),
        ("org/*", "org/", true),
        ("org/*", "other/repo", false),
        ("org/*", "org", false),
        ("*", "anything/at/all", false),
        ("*", "anything", true),
        ("*", "", true),
        ("*/*", "org/repo", true),
        ("org/*", "org/repo/sub", false),
        ("org/*/*", "org/repo/sub", true),
        ("prod-?", "prod-/", false),
        ("[a-c]x", "bx", true),
        ("[a-c]x", "dx", false),
        ("[^a-c]x", "dx", true),
        ("[^a-c]x", "/x", false),
        ("\\*", "*", true),
        ("\\*", "a", false),
        ("[abc", "a", false),
        ("trailing\\", "trailing\\", false),
        ("prod-?", "prod-1", true),
        ("prod-?", "prod-10", false),
        ("prod-?", "prod-", false),
        ("*-prod", "eu-prod", true),
        ("*-prod", "eu-prod-2", false),
        ("a*b*c", "axxbyyc", true),
        ("a*b*c", "axxbyy", false),
        ("issues.*", "issues.create", true),
        ("issues.*", "pulls.create", false),
        ("exact", "exact", true),
        ("exact", "Exact", false),
        ("**", "x", true),
    ])
    func globMatches(pattern: String, text: String, expected: Bool) {
        #expect(GlobPattern(pattern).matches(text) == expected)
    }

    @Test func caseInsensitivePatterns() {
        #expect(GlobPattern("Acme/*", caseInsensitive: true).matches("acme/API"))
    }

    @Test("malformed patterns are reported and match nothing, as Go's path.Match errors")
    func malformedPatterns() {
        for pattern in ["[abc", "a\\", "[]", "[z-a]", "[a-]"] {
            #expect(!GlobPattern(pattern).isValid, "\(pattern)")
            #expect(!GlobPattern(pattern).matches(pattern))
        }
        #expect(GlobPattern("[]a]").isValid == false)
        #expect(GlobPattern("org/[a-z]*").isValid)
    }

    @Test(
        arguments: [
            ([], [], "acme/api", true),
            (["acme/*"], [], "acme/api", true),
            (["acme/*"], [], "other/api", false),
            ([], ["acme/secret-*"], "acme/secret-keys", false),
            ([], ["acme/secret-*"], "acme/api", true),
            (["acme/*"], ["acme/secret-*"], "acme/secret-keys", false),
            (["acme/secret-keys"], ["acme/*"], "acme/secret-keys", false),
            (["a/*", "b/*"], [], "b/x", true),
        ] as [([String], [String], String, Bool)]
    )
    func denyBeatsAllowAndEmptyAllowsAll(allow: [String], deny: [String], value: String, permitted: Bool) {
        #expect(AccessList(allow: allow, deny: deny).permits(value) == permitted)
    }

    @Test func verdictNamesThePattern() {
        let list = AccessList(allow: ["acme/*"], deny: ["acme/secret-*"])
        #expect(list.check("acme/secret-x") == .denied(by: GlobPattern("acme/secret-*")))
        #expect(list.check("acme/api") == .allowed(by: GlobPattern("acme/*")))
        #expect(list.check("zed/api") == .notAllowed)
    }
}
