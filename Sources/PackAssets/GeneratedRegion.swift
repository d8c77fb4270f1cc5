/// A marked region of a hand-written YAML file that the generator owns: the lines between
/// `# BEGIN GENERATED <name>` and `# END GENERATED <name>`. Everything outside the markers stays as written.
enum GeneratedRegion {
    static func begin(_ name: String) -> String { "# BEGIN GENERATED \(name)" }
    static func end(_ name: String) -> String { "# END GENERATED \(name)" }

    /// `text` with the lines of every region `name` replaced by `lines`, indented as the region's begin marker.
    /// - Returns: nil when the text has no such region.
    static func replace(_ name: String, in text: String, with lines: [String]) -> String? {
        var source = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var found = false
        var index = 0
        while index < source.count {
            let trimmed = source[index].drop { $0 == " " }
            guard trimmed == begin(name) else {
                index += 1
                continue
            }
            let indent = String(repeating: " ", count: source[index].count - trimmed.count)
            guard let close = source[(index + 1)...].firstIndex(where: { $0.drop { $0 == " " } == end(name) }) else {
                return nil
            }
            let body = lines.map { $0.isEmpty ? "" : indent + $0 }
            source.replaceSubrange((index + 1)..<close, with: body)
            index += body.count + 2
            found = true
        }
        return found ? source.joined(separator: "\n") : nil
    }

    /// The region names of the form `<prefix><suffix>` in `text`, in order of appearance.
    static func names(withPrefix prefix: String, in text: String) -> [String] {
        let marker = begin(prefix)
        var names: [String] = []
        for line in text.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix(marker) { names.append(String(trimmed.dropFirst("# BEGIN GENERATED ".count))) }
        }
        return names
    }
}
