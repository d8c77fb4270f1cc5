/// Reads variables with `*_ENV` indirection and turns bad values into ``ConfigurationError``s.
struct EnvironmentReader {
    let packID: String
    let environment: [String: String]
    let secrets: SecretRegistry

    init(
        packID: String,
        environment: [String: String],
        secrets: SecretRegistry = SecretRegistry()
    ) throws(ConfigurationError) {
        guard !packID.isEmpty, packID.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") })
        else {
            throw ConfigurationError(
                code: .invalidPackID,
                variable: "packID",
                message: "The pack id \"\(packID)\" must be lowercase letters, digits and '-'."
            )
        }
        self.packID = packID
        self.environment = environment
        self.secrets = secrets
    }

    func packVariable(_ suffix: String) -> String {
        WorkerConfiguration.variablePrefix(packID: packID) + suffix
    }

    /// The variable's value, following `NAME_ENV`; empty values count as unset. Indirect values are secrets unless
    /// `secret` is false (identifiers read through `_ENV`).
    func value(_ name: String, secret: Bool = true) throws(ConfigurationError) -> String? {
        if let target = environment[name + "_ENV"], !target.isEmpty {
            guard let value = environment[target], !value.isEmpty else {
                throw ConfigurationError(
                    code: .missingIndirection,
                    variable: name + "_ENV",
                    message:
                        "\(name)_ENV names the variable \"\(target)\", which is not set; set \(target) or unset \(name)_ENV."
                )
            }
            if secret { secrets.register(value) }
            return value
        }
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    func url(
        _ name: String,
        default defaultValue: String,
        parse: (String) throws -> some CustomStringConvertible
    ) throws(ConfigurationError) -> String {
        let text = try value(name) ?? defaultValue
        do {
            _ = try parse(text)
        } catch {
            throw ConfigurationError(
                code: .invalidValue,
                variable: name,
                message: "\(name) is not a valid URL; expected scheme://[credentials@]host:port."
            )
        }
        registerCredentials(in: text)
        return text
    }

    /// Registers the user-info part of a URL (`user:password@`, `:password@`, `token@`) as secrets.
    private func registerCredentials(in url: String) {
        guard let schemeEnd = url.firstRange(of: "://") else { return }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        guard let at = authority.lastIndex(of: "@") else { return }
        let userInfo = authority[..<at]
        if let colon = userInfo.firstIndex(of: ":") {
            secrets.register(String(userInfo[userInfo.index(after: colon)...]))
        } else {
            secrets.register(String(userInfo))
        }
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let text = try value(name) else { return nil }
        guard let number = Int(text.trimmingWhitespace()), range.contains(number) else {
            throw ConfigurationError(
                code: .invalidValue,
                variable: name,
                message:
                    "\(name) is \"\(text)\"; expected a whole number from \(range.lowerBound) to \(range.upperBound)."
            )
        }
        return number
    }

    func list(_ name: String) throws(ConfigurationError) -> [String]? {
        guard let text = try value(name) else { return nil }
        let items = text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !items.isEmpty, items.allSatisfy({ !$0.contains(where: \.isWhitespace) }) else {
            throw ConfigurationError(
                code: .invalidValue,
                variable: name,
                message:
                    "\(name) is \"\(text)\"; expected comma-separated NATS subjects such as job.hello.echo,job.hello.*."
            )
        }
        return items
    }

    func labels(_ name: String) throws(ConfigurationError) -> [String: String] {
        guard let text = try value(name) else { return [:] }
        var labels: [String: String] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            let key = parts.first.map { $0.trimmingWhitespace() } ?? ""
            guard parts.count == 2, !key.isEmpty else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: name,
                    message:
                        "\(name) has \"\(item)\"; expected comma-separated key=value pairs such as region=eu,gpu=none."
                )
            }
            labels[key] = parts[1].trimmingWhitespace()
        }
        return labels
    }
}

extension StringProtocol {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
