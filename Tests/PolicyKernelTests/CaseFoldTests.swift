import Testing

@testable import PolicyKernel

/// Go `strings.EqualFold` after `strings.TrimSpace`, as every list comparison uses it (policy-semantics §1.3).
@Suite struct CaseFoldTests {
    @Test(arguments: [
        ("write", "WRITE", true),
        (" Write\t", "write", true),
        ("write", "writes", false),
        ("", "", false),
        ("  ", "", false),
        ("\u{212A}elvin", "kelvin", true),  // Kelvin sign folds with k
        ("\u{017F}ecrets", "SECRETS", true),  // long s folds with s
        ("ς", "Σ", true),
        ("σ", "ς", true),
        ("ı", "i", false),  // dotless i stays apart
        ("İ", "i", false),
        ("Straße", "STRASSE", false),  // simple folding only
        ("ÉTÉ", "été", true),
        ("\u{00A0}tag\u{3000}", "TAG", true),  // Unicode white space is trimmed
        ("a\u{00A0}b", "a b", false),
    ])
    func equalFold(left: String, right: String, equal: Bool) {
        #expect(CaseFold.equalsTrimmed(left, right) == equal)
        let entry = FoldedText(right)
        #expect(entry.matches(raw: left) == equal)
    }

    @Test(arguments: [
        (" \t job.x \n", "job.x"),
        ("\u{85}job\u{2028}", "job"),
        ("job", "job"),
        ("   ", ""),
        ("\u{200B}job", "\u{200B}job"),  // zero-width space is not white space in Go
    ])
    func trimSpace(raw: String, trimmed: String) {
        #expect(raw.trimmingGoSpace() == trimmed)
    }

    @Test func goQuoting() {
        #expect(goQuote("a\"b\\c") == #""a\"b\\c""#)
        #expect(goQuote("tab\there\n") == #""tab\there\n""#)
        #expect(goQuote("\u{1}é\u{A0}") == #""\x01é\u00a0""#)
    }
}
