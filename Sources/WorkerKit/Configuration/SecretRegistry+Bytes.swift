extension SecretRegistry {
    /// `bytes` with the UTF-8 bytes of every registered secret replaced by ``mask`` (binary content included).
    public func scrub(_ bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        for secret in allValues {
            let needle = Array(secret.utf8)
            guard !needle.isEmpty, result.count >= needle.count else { continue }
            var output: [UInt8] = []
            output.reserveCapacity(result.count)
            var index = 0
            var replaced = false
            while index < result.count {
                if index + needle.count <= result.count, result[index] == needle[0],
                    result[index..<(index + needle.count)].elementsEqual(needle)
                {
                    output.append(contentsOf: Self.mask.utf8)
                    index += needle.count
                    replaced = true
                } else {
                    output.append(result[index])
                    index += 1
                }
            }
            if replaced { result = output }
        }
        return result
    }
}
