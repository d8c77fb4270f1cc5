/// Go's `strings.EqualFold` on trimmed text: Unicode simple case folding, with an allocation-free fast path for
/// ASCII.
///
/// Folding maps each scalar to one representative of its simple-case-folding class (lower case of its simple
/// upper case, so `ς`/`σ`/`Σ`, `ſ`/`s`/`S` and the Kelvin sign/`k`/`K` meet), except that `ı` stays apart from `i`
/// as it does in Go.
enum CaseFold {
    /// The representative of the folding class of `scalar`.
    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x80 {
            return value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value) | 0x20) : scalar
        }
        if value == 0x131 { return scalar }
        let upper = single(scalar.properties.uppercaseMapping) ?? single(scalar.properties.titlecaseMapping) ?? scalar
        return single(upper.properties.lowercaseMapping) ?? upper
    }

    /// `text` trimmed and folded.
    static func folded(_ text: some StringProtocol) -> String {
        var result = String.UnicodeScalarView()
        for scalar in String(text).trimmedGoSpace().unicodeScalars {
            result.append(fold(scalar))
        }
        return String(result)
    }

    /// Whether `value` (already trimmed, raw UTF-8) folds to exactly `folded` (already folded UTF-8).
    @inline(__always)
    static func equals(_ value: UnsafeBufferPointer<UInt8>, folded: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < value.count {
            let byte = value[index]
            if byte >= 0x80 { return slowEquals(value, folded: folded) }
            guard index < folded.count, asciiLower(byte) == folded[index] else { return false }
            index += 1
        }
        return index == folded.count
    }

    /// EqualFold of two raw strings, each trimmed first; an empty value never equals anything.
    static func equalsTrimmed(_ left: String, _ right: String) -> Bool {
        withUTF8Bytes(left) { leftBytes in
            withUTF8Bytes(right) { rightBytes in
                let a = GoSpace.trimmed(leftBytes)
                let b = GoSpace.trimmed(rightBytes)
                guard !a.isEmpty, !b.isEmpty else { return false }
                var index = 0
                while index < a.count, index < b.count, a[index] < 0x80, b[index] < 0x80 {
                    if asciiLower(a[index]) != asciiLower(b[index]) { return false }
                    index += 1
                }
                if index == a.count, index == b.count { return true }
                if index < a.count, index < b.count, a[index] < 0x80, b[index] < 0x80 { return false }
                return folded(String(decoding: a, as: UTF8.self)) == folded(String(decoding: b, as: UTF8.self))
            }
        }
    }

    @inline(__always)
    static func asciiLower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    private static func slowEquals(_ value: UnsafeBufferPointer<UInt8>, folded: UnsafeBufferPointer<UInt8>) -> Bool {
        let text = String(decoding: value, as: UTF8.self)
        var target = folded.makeIterator()
        for scalar in text.unicodeScalars {
            for byte in UTF8.encode(fold(scalar))! {
                guard target.next() == byte else { return false }
            }
        }
        return target.next() == nil
    }

    private static func single(_ mapping: String) -> Unicode.Scalar? {
        var scalars = mapping.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return nil }
        return first
    }
}

/// A literal list entry of a rule (a tenant, capability, risk tag, …), trimmed and case-folded once.
struct FoldedText: Sendable, Hashable {
    /// The entry as written in the policy.
    let original: String
    /// The trimmed, folded UTF-8 bytes; empty when the entry is blank (it then never matches).
    let bytes: [UInt8]

    init(_ text: String) {
        original = text
        bytes = Array(CaseFold.folded(text).utf8)
    }

    /// Whether a raw request value equals this entry in Go's `EqualFold` sense after trimming.
    @inline(__always)
    func matches(trimmed value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !value.isEmpty, !bytes.isEmpty else { return false }
        return bytes.withUnsafeBufferPointer { CaseFold.equals(value, folded: $0) }
    }

    /// Whether a raw, untrimmed value equals this entry.
    func matches(raw value: String) -> Bool {
        withUTF8Bytes(value) { matches(trimmed: GoSpace.trimmed($0)) }
    }
}
