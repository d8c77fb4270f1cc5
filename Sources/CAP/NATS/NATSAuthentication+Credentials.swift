import Foundation

extension NATSAuthentication {
    /// The credentials of a NATS `.creds` file: the user JWT and the NKey seed between their `-----BEGIN …-----`
    /// and `------END …------` lines.
    /// - Throws: ``NATSError`` `invalidCredentials` when the file cannot be read or lacks either part (the message
    ///   names the file, never its content).
    public static func credentials(file path: String) throws(NATSError) -> NATSAuthentication {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw NATSError(.invalidCredentials, "The NATS credentials file \(path) cannot be read.")
        }
        return try credentials(contents: text, file: path)
    }

    /// The credentials of a `.creds` file's `contents` (``credentials(file:)``).
    static func credentials(contents text: String, file: String) throws(NATSError) -> NATSAuthentication {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        func block(_ marker: String) -> String? {
            guard
                let begin = lines.firstIndex(where: {
                    $0.hasPrefix("---") && $0.contains("BEGIN") && $0.contains(marker)
                })
            else { return nil }
            return lines[(begin + 1)...].first { !$0.isEmpty && !$0.hasPrefix("---") }
        }
        guard let jwt = block("JWT"), let seed = block("SEED") else {
            throw NATSError(.invalidCredentials, "The NATS credentials file \(file) has no user JWT and NKey seed.")
        }
        let credentials = NATSAuthentication.credentials(jwt: jwt, seed: seed)
        return try credentials.validated()
    }

    /// The credentials, after checking that an NKey seed decodes.
    /// - Throws: ``NATSError`` `invalidCredentials`.
    public func validated() throws(NATSError) -> NATSAuthentication {
        switch self {
        case .nkey(let seed), .credentials(_, let seed): _ = try NKey(seed: seed)
        case .none, .token, .userPassword: break
        }
        return self
    }
}
