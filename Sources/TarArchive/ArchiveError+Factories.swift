extension ArchiveError {
    static func corruptTar(entry: String? = nil, _ message: String) -> ArchiveError {
        ArchiveError(code: .corruptTar, entry: entry, message: message)
    }

    static func invalidPath(_ entry: String, _ problem: String) -> ArchiveError {
        ArchiveError(
            code: .invalidPath,
            entry: entry,
            message: "entry \(quoted(entry)) \(problem); entries must be relative paths such as \"pack.yaml\""
        )
    }

    static func refusedType(_ code: Code, _ entry: String, _ what: String) -> ArchiveError {
        ArchiveError(
            code: code,
            entry: entry,
            message: "entry \(quoted(entry)) is \(what); bundles may contain only regular files and directories"
        )
    }
}

/// Quotes user input for a message: double quotes around it, with quotes, backslashes and control characters
/// escaped so the message stays on one line.
func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case _ where scalar.value < 0x20 || scalar.value == 0x7f:
            result += "\\u{\(String(scalar.value, radix: 16))}"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}
