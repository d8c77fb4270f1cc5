/// A `multipart/form-data` body (RFC 7578, encoded as the HTML standard's form submission does): text fields and
/// files, in order, each a part with a `Content-Disposition: form-data; name="…"` header, files with a `filename`
/// and a `Content-Type`. In names and filenames, `"`, CR and LF are written `%22`, `%0D` and `%0A` (the HTML rule);
/// other characters go as UTF-8. The boundary is random and checked against every part, so it cannot occur in one.
///
/// Written here rather than taken from vapor/multipart-kit 4.7.1 (which would fit: swift-nio and swift-collections
/// only): its serializer writes part headers verbatim, and its `name` setter quotes without escaping, so the
/// escaping, the boundary choice and the header lines, which are nearly all of an encoder, would be ours anyway.
///
/// ```swift
/// var form = MultipartForm()
/// form.addFile(name: "file", filename: "report.txt", contentType: "text/plain", data: Array(text.utf8))
/// var request = try VendorRequest.multipart(url: "\(base)/rest/api/3/issue/\(key)/attachments", form: form)
/// request.headers.add(name: "X-Atlassian-Token", value: "no-check")  // Jira's XSRF check, the pack's business
/// ```
public struct MultipartForm: Sendable {
    /// One part.
    public enum Part: Sendable, Hashable {
        /// A text field.
        case field(name: String, value: String)
        /// A file: its field name, file name, media type and bytes.
        case file(name: String, filename: String, contentType: String, data: [UInt8])
    }

    /// The parts, in order.
    public var parts: [Part]

    /// A form.
    /// - Parameter parts: The parts; default none.
    public init(parts: [Part] = []) {
        self.parts = parts
    }

    /// Appends a text field.
    /// - Parameters:
    ///   - name: The field name.
    ///   - value: The value.
    public mutating func addField(name: String, value: String) {
        parts.append(.field(name: name, value: value))
    }

    /// Appends a file.
    /// - Parameters:
    ///   - name: The field name (`file` for most APIs).
    ///   - filename: The file name the vendor stores.
    ///   - contentType: Its media type; default `application/octet-stream`.
    ///   - data: The bytes.
    public mutating func addFile(
        name: String,
        filename: String,
        contentType: String = "application/octet-stream",
        data: [UInt8]
    ) {
        parts.append(.file(name: name, filename: filename, contentType: contentType, data: data))
    }

    /// The encoded body and its `Content-Type` (`multipart/form-data; boundary=…`).
    /// - Parameter boundary: The boundary; default a random one. A given boundary must not occur in any part.
    /// - Throws: `invalid_input` naming the part when a file's media type is not `type/subtype` (a line break in a
    ///   header would let input forge headers), or when a given boundary occurs in a part or is not 1 to 70 of
    ///   RFC 2046's boundary characters.
    public func encoded(boundary: String? = nil) throws(WorkerError) -> (body: [UInt8], contentType: String) {
        var heads: [[UInt8]] = []
        for (index, part) in parts.enumerated() {
            heads.append(Array(try Self.header(of: part, index: index).utf8))
        }
        let chosen: String
        if let boundary {
            try Self.check(boundary: boundary)
            guard !occurs(boundary, heads: heads) else {
                throw WorkerError(
                    code: .invalidInput,
                    message:
                        "The multipart boundary \"\(boundary)\" occurs in a part; choose another or let one be generated."
                )
            }
            chosen = boundary
        } else {
            var candidate = Self.randomBoundary()
            while occurs(candidate, heads: heads) { candidate = Self.randomBoundary() }
            chosen = candidate
        }
        var body: [UInt8] = []
        body.reserveCapacity(parts.reduce(0) { $0 + $1.payload.count + 200 })
        for (head, part) in zip(heads, parts) {
            body += Array("--\(chosen)\r\n".utf8)
            body += head
            body += Array("\r\n".utf8)
            body += part.payload
            body += Array("\r\n".utf8)
        }
        body += Array("--\(chosen)--\r\n".utf8)
        return (body, "multipart/form-data; boundary=\(chosen)")
    }

    /// Whether `boundary` occurs in any part's headers or payload.
    private func occurs(_ boundary: String, heads: [[UInt8]]) -> Bool {
        let needle = Array(boundary.utf8)
        return zip(heads, parts).contains { head, part in
            Self.contains(head, needle) || Self.contains(part.payload, needle)
        }
    }

    /// A part's header lines, each ending in CRLF.
    private static func header(of part: Part, index: Int) throws(WorkerError) -> String {
        switch part {
        case .field(let name, _):
            return "Content-Disposition: form-data; name=\"\(escaped(name))\"\r\n"
        case .file(let name, let filename, let contentType, _):
            guard isMediaType(contentType) else {
                throw WorkerError(
                    code: .invalidInput,
                    message:
                        "The content type \"\(escaped(contentType))\" of multipart part \(index + 1) (\"\(escaped(name))\") is not a media type; use type/subtype, e.g. application/pdf."
                )
            }
            return "Content-Disposition: form-data; name=\"\(escaped(name))\"; filename=\"\(escaped(filename))\"\r\n"
                + "Content-Type: \(contentType)\r\n"
        }
    }

    /// `text` with `"`, CR and LF percent-encoded (the HTML standard's rule for names and filenames).
    static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "%22"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `type/subtype` with optional parameters, printable ASCII only.
    static func isMediaType(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return false }
        let essence = text.split(separator: ";", maxSplits: 1)[0].trimmingCharacters(in: " ")
        let halves = essence.split(separator: "/", omittingEmptySubsequences: false)
        return halves.count == 2 && !halves[0].isEmpty && !halves[1].isEmpty
            && !essence.contains(" ") && !essence.contains("\"")
    }

    private static func check(boundary: String) throws(WorkerError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-./:=?")
        guard (1...70).contains(boundary.count), boundary.allSatisfy(allowed.contains) else {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The multipart boundary \"\(escaped(boundary))\" is not 1 to 70 letters, digits or '()+_,-./:=?."
            )
        }
    }

    /// `cordum-` and 32 random hexadecimal digits.
    static func randomBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        return "cordum-"
            + (0..<2).map { _ in
                let hex = String(generator.next() as UInt64, radix: 16)
                return String(repeating: "0", count: 16 - hex.count) + hex
            }.joined()
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}

extension MultipartForm.Part {
    /// The part's body bytes.
    var payload: [UInt8] {
        switch self {
        case .field(_, let value): Array(value.utf8)
        case .file(_, _, _, let data): data
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in blank: Character) -> Substring {
        var text = self
        while text.first == blank { text.removeFirst() }
        while text.last == blank { text.removeLast() }
        return text
    }
}
