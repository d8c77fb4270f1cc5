import Foundation

/// The one piece of `multipart/form-data` the API reads: the bytes of a named field.
enum MultipartForm {
    /// The content of the part named `name`.
    /// - Throws: `invalid_argument` when the boundary is missing or no part has that name.
    static func file(named name: String, in body: [UInt8], contentType: String) throws(HostError) -> [UInt8] {
        guard
            let parameter = contentType.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })
        else {
            throw HostError(.invalidArgument, "the multipart Content-Type has no boundary")
        }
        var boundary = String(parameter.dropFirst("boundary=".count))
        if boundary.hasPrefix("\""), boundary.hasSuffix("\""), boundary.count >= 2 {
            boundary = String(boundary.dropFirst().dropLast())
        }
        let delimiter = Array("--\(boundary)".utf8)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var starts: [Int] = []
        var index = 0
        while let found = search(delimiter, in: body, from: index) {
            starts.append(found)
            index = found + delimiter.count
        }
        for (position, start) in starts.enumerated() where position + 1 < starts.count {
            let partStart = start + delimiter.count
            guard let headerEnd = search(separator, in: body, from: partStart) else { continue }
            let headers = String(decoding: body[partStart..<headerEnd], as: UTF8.self).lowercased()
            guard headers.contains("name=\"\(name.lowercased())\"") else { continue }
            var end = starts[position + 1]
            if end >= 2, body[end - 2] == 0x0D, body[end - 1] == 0x0A { end -= 2 }
            let contentStart = headerEnd + separator.count
            guard contentStart <= end else { break }
            return Array(body[contentStart..<end])
        }
        throw HostError(.invalidArgument, "the multipart body has no field named \(name)")
    }

    private static func search(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }
}
