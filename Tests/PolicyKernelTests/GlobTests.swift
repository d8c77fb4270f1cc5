import Testing

@testable import PolicyKernel

/// Topic globs: Go `path.Match` semantics (policy-semantics §1.7).
@Suite struct GlobTests {
    enum Want: Sendable { case match, noMatch, malformed }

    /// Go's own `path.Match` table, plus the topic shapes policies use.
    static let table: [(String, String, Want)] = [
        ("abc", "abc", .match),
        ("*", "abc", .match),
        ("*c", "abc", .match),
        ("a*", "a", .match),
        ("a*", "abc", .match),
        ("a*", "ab/c", .noMatch),
        ("a*/b", "abc/b", .match),
        ("a*/b", "a/c/b", .noMatch),
        ("a*b*c*d*e*/f", "axbxcxdxe/f", .match),
        ("a*b*c*d*e*/f", "axbxcxdxexxx/f", .match),
        ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", .noMatch),
        ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", .noMatch),
        ("a*b?c*x", "abxbbxdbxebxczzx", .match),
        ("a*b?c*x", "abxbbxdbxebxczzy", .noMatch),
        ("ab[c]", "abc", .match),
        ("ab[b-d]", "abc", .match),
        ("ab[e-g]", "abc", .noMatch),
        ("ab[^c]", "abc", .noMatch),
        ("ab[^b-d]", "abc", .noMatch),
        ("ab[^e-g]", "abc", .match),
        ("a\\*b", "a*b", .match),
        ("a\\*b", "ab", .noMatch),
        ("a?b", "a☺b", .match),
        ("a[^a]b", "a☺b", .match),
        ("a???b", "a☺b", .noMatch),
        ("a[^a][^a][^a]b", "a☺b", .noMatch),
        ("[a-ζ]*", "α", .match),
        ("*[a-ζ]", "A", .noMatch),
        ("a?b", "a/b", .noMatch),
        ("a*b", "a/b", .noMatch),
        ("[\\]a]", "]", .match),
        ("[\\-]", "-", .match),
        ("[x\\-]", "x", .match),
        ("[x\\-]", "-", .match),
        ("[x\\-]", "z", .noMatch),
        ("[\\-x]", "x", .match),
        ("[\\-x]", "-", .match),
        ("[\\-x]", "a", .noMatch),
        ("[]a]", "]", .malformed),
        ("[-]", "-", .malformed),
        ("[x-]", "x", .malformed),
        ("[x-]", "-", .malformed),
        ("[x-]", "z", .malformed),
        ("[-x]", "x", .malformed),
        ("[-x]", "-", .malformed),
        ("[-x]", "a", .malformed),
        ("\\", "a", .malformed),
        ("[a-b-c]", "a", .malformed),
        ("[", "a", .malformed),
        ("[^", "a", .malformed),
        ("[^bc", "a", .malformed),
        ("a[", "a", .malformed),
        ("a[", "ab", .malformed),
        ("a[", "x", .malformed),
        ("a/b[", "x", .malformed),
        ("*x", "xxx", .match),
        // Topic shapes.
        ("job.*", "job.a.b.c", .match),
        ("job.*", "job.", .match),
        ("job.*.write", "job.github.pr.write", .match),
        ("job.*.write", "job.github.read", .noMatch),
        ("job.github.*", "job.GitHub.read", .noMatch),
        ("job.?.x", "job.a.x", .match),
        ("job.?.x", "job.ab.x", .noMatch),
        ("job.[a-c]*", "job.beta", .match),
        ("job.[^a-c]*", "job.beta", .noMatch),
        ("job.*", "job.a/b", .noMatch),
        ("job.x*", "job.x[", .match),
        ("job.[", "job.[", .malformed),
    ]

    @Test(arguments: table)
    func goPathMatch(pattern: String, name: String, want: Want) {
        let outcome = Array(pattern.utf8).withUnsafeBufferPointer { p in
            Array(name.utf8).withUnsafeBufferPointer { n in GlobMatch.match(pattern: p, name: n) }
        }
        switch want {
        case .match: #expect(outcome == .match)
        case .noMatch: #expect(outcome == .noMatch)
        case .malformed: #expect(outcome == .malformed)
        }
    }

    /// The compiled form agrees with the algorithm (a malformed pattern never matches).
    @Test(arguments: table)
    func compiledPatternAgrees(pattern: String, name: String, want: Want) {
        let matched = Array(name.utf8).withUnsafeBufferPointer { GlobPattern(pattern).matches($0) }
        #expect(matched == (want == .match))
    }

    @Test(arguments: [
        ("job.github.read", GlobPattern.Kind.literal),
        ("job.github.*", .prefix),
        ("job.**", .prefix),
        ("*", .prefix),
        ("job.*.read", .infix),
        ("job.*.r?ad", .general),
        ("job.[ab]", .general),
        ("  ", .never),
        ("", .never),
        ("job.[", .never),
    ])
    func classification(pattern: String, kind: GlobPattern.Kind) {
        #expect(GlobPattern(pattern).kind == kind)
    }

    @Test func patternsAreTrimmedAndEmptyPatternsNeverMatch() throws {
        let policy = try compile(
            """
            rules:
              - {id: padded, match: {topics: ["  job.pad.*  "]}, decision: deny}
              - {id: empty, match: {topics: [""]}, decision: deny}
              - {id: malformed, match: {topics: ["job.bad[", "job.bad*"]}, decision: throttle}
            """
        )
        #expect(policy.evaluate(PolicyRequest(topic: "job.pad.x")).ruleID == "padded")
        #expect(policy.evaluate(PolicyRequest(topic: "job.other")).decision == .allow)
        // A malformed entry is skipped; the list's other patterns still count.
        #expect(policy.evaluate(PolicyRequest(topic: "job.bad[")).ruleID == "malformed")
    }
}
