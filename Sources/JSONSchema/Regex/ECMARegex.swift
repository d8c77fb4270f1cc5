import Foundation

/// A compiled ECMA-262 regular expression, matched as `pattern` does: unanchored, on code points.
///
/// `NSRegularExpression` is immutable and documented as safe to share between threads.
final class ECMARegex: @unchecked Sendable {
    /// The pattern as written in the schema.
    let source: String
    private let regex: NSRegularExpression

    /// Compiles `source`, reading it leniently (identity escapes such as `\_` are literals).
    init(_ source: String) throws(ECMARegexTranslator.SyntaxError) {
        let translated = try ECMARegexTranslator.translate(source, strict: false)
        do {
            regex = try NSRegularExpression(pattern: translated.icu)
        } catch {
            let reason =
                translated.usesLookbehind
                ? "lookbehind must have a bounded length" : "the pattern is not supported"
            throw ECMARegexTranslator.SyntaxError(message: reason)
        }
        self.source = source
    }

    /// Whether the pattern matches anywhere in `string`.
    func matches(_ string: String) -> Bool {
        let range = NSRange(location: 0, length: string.utf16.count)
        return regex.firstMatch(in: string, options: [], range: range) != nil
    }

    /// Whether `source` is a valid ECMA-262 regular expression under the `u` flag's rules.
    static func isValidSyntax(_ source: String) -> Bool {
        guard let translated = try? ECMARegexTranslator.translate(source, strict: true) else { return false }
        if (try? NSRegularExpression(pattern: translated.icu)) != nil { return true }
        // ICU rejects unbounded lookbehind, which ECMA-262 allows.
        return translated.usesLookbehind
    }
}
