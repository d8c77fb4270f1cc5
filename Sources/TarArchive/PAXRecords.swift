/// PAX extended-header records: `"<length> <key>=<value>\n"`, where length counts the whole record.
enum PAXRecords {
    /// Parses the data of a PAX `x` or `g` header into key-value pairs; later records win.
    static func parse(_ data: ArraySlice<UInt8>, entry: String) throws(ArchiveError) -> [String: [UInt8]] {
        var records: [String: [UInt8]] = [:]
        var rest = data
        while !rest.isEmpty {
            guard let space = rest.firstIndex(of: UInt8(ascii: " ")),
                let length = decimal(rest[rest.startIndex..<space]),
                length > space - rest.startIndex + 1, length <= rest.count
            else {
                throw invalid(entry)
            }
            let record = rest.prefix(length)
            rest = rest.dropFirst(length)
            guard record.last == UInt8(ascii: "\n") else { throw invalid(entry) }
            let body = record[(space + 1)..<(record.endIndex - 1)]
            guard let equals = body.firstIndex(of: UInt8(ascii: "=")), equals > body.startIndex,
                let key = String(validating: body[..<equals], as: UTF8.self)
            else {
                throw invalid(entry)
            }
            records[key] = Array(body[(equals + 1)...])
        }
        return records
    }

    /// Encodes one record, computing the self-inclusive length prefix.
    static func record(_ key: String, _ value: [UInt8]) -> [UInt8] {
        let body = Array(" \(key)=".utf8) + value + [UInt8(ascii: "\n")]
        var length = body.count + 1
        while String(length).utf8.count + body.count != length {
            length = String(length).utf8.count + body.count
        }
        return Array(String(length).utf8) + body
    }

    /// Reads a non-negative decimal number made only of ASCII digits.
    static func decimal(_ digits: some Collection<UInt8>) -> Int? {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for digit in digits {
            guard (0x30...0x39).contains(digit) else { return nil }
            let next = value.multipliedReportingOverflow(by: 10)
            let sum = next.partialValue.addingReportingOverflow(Int(digit - 0x30))
            guard !next.overflow, !sum.overflow else { return nil }
            value = sum.partialValue
        }
        return value
    }

    private static func invalid(_ entry: String) -> ArchiveError {
        .corruptTar(entry: entry, "PAX extended header \(quoted(entry)) has a malformed record")
    }
}
