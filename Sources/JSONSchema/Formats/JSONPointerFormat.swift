/// RFC 6901 JSON Pointers and draft-handrews relative JSON Pointers.
enum JSONPointerFormat {
    static func isPointer(_ string: String) -> Bool {
        isPointer(Substring(string))
    }

    private static func isPointer(_ text: Substring) -> Bool {
        guard !text.isEmpty else { return true }
        guard text.first == "/" else { return false }
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == "~" {
                guard let next = scalars.next(), next == "0" || next == "1" else { return false }
            }
        }
        return true
    }

    static func isRelativePointer(_ string: String) -> Bool {
        let digits = string.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits == "0" || digits.first != "0" else { return false }
        let rest = string[digits.endIndex...]
        return rest == "#" || isPointer(rest)
    }
}
