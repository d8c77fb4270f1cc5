import CAP
import Crypto
import Foundation

extension BusSecurity {
    /// Reads the bus settings from environment variables (upstream names where Cordum has them).
    ///
    /// | variable | meaning |
    /// | --- | --- |
    /// | `NATS_TLS_CA`, `NATS_TLS_CERT`, `NATS_TLS_KEY` | CA bundle, client certificate and key (PEM files) for NATS |
    /// | `NATS_TLS_INSECURE` | `1`/`true`: skip verifying the NATS server (development only) |
    /// | `NATS_TLS_SERVER_NAME` | the name the NATS server's certificate must carry |
    /// | `NATS_TOKEN` / `NATS_USERNAME` + `NATS_PASSWORD` | NATS token, or user and password |
    /// | `NATS_NKEY` | NATS NKey user seed (`SU…`) |
    /// | `NATS_CREDS` | a NATS `.creds` file (user JWT and NKey seed) |
    /// | `REDIS_TLS_CA`, `REDIS_TLS_CERT`, `REDIS_TLS_KEY`, `REDIS_TLS_INSECURE`, `REDIS_TLS_SERVER_NAME` | the same for Redis |
    /// | `CORDUM_CAP_SIGNING_KEY` | PEM file of this side's P-256 key: every published packet is signed |
    /// | `CORDUM_CAP_PUBLIC_KEYS` | `sender_id=PEM file,...`: packets from these senders must carry a valid signature |
    /// | `CORDUM_CAP_REQUIRE_SIGNED` | `1`/`true`: packets from senders without a key are dropped too |
    ///
    /// Any TLS variable turns TLS on. At most one NATS credential kind may be set. Every credential (and the values
    /// read through `NAME_ENV` indirection) is registered in `secrets`.
    /// - Throws: ``ConfigurationError`` naming the variable and what is valid (never its secret value).
    public init(environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws(ConfigurationError) {
        let reader = try EnvironmentReader(packID: "bus", environment: environment, secrets: secrets)
        self.init(
            natsTLS: try Self.tls(prefix: "NATS_TLS_", reader),
            natsAuthentication: try Self.natsAuthentication(reader),
            redisTLS: try Self.tls(prefix: "REDIS_TLS_", reader),
            packetKeys: try Self.packetKeys(reader)
        )
    }

    private static func tls(prefix: String, _ reader: EnvironmentReader) throws(ConfigurationError) -> TLSSettings? {
        let ca = try reader.value(prefix + "CA", secret: false)
        let certificate = try reader.value(prefix + "CERT", secret: false)
        let key = try reader.value(prefix + "KEY", secret: false)
        let insecure = try reader.flag(prefix + "INSECURE")
        let serverName = try reader.value(prefix + "SERVER_NAME", secret: false)
        guard ca != nil || certificate != nil || key != nil || insecure || serverName != nil else { return nil }
        guard (certificate == nil) == (key == nil) else {
            throw ConfigurationError(
                code: .invalidValue,
                variable: certificate == nil ? prefix + "CERT" : prefix + "KEY",
                message: "\(prefix)CERT and \(prefix)KEY must be set together (the client certificate and its key)."
            )
        }
        for (variable, path) in [(prefix + "CA", ca), (prefix + "CERT", certificate), (prefix + "KEY", key)] {
            if let path, !FileManager.default.isReadableFile(atPath: path) {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: variable,
                    message: "\(variable) names \(path), which is not a readable file; expected a PEM file."
                )
            }
        }
        return TLSSettings(
            caFile: ca,
            certificateFile: certificate,
            keyFile: key,
            insecureSkipVerify: insecure,
            serverName: serverName
        )
    }

    private static func natsAuthentication(_ reader: EnvironmentReader) throws(ConfigurationError)
        -> NATSAuthentication?
    {
        var found: [(String, NATSAuthentication)] = []
        if let token = try reader.value("NATS_TOKEN") {
            reader.secrets.register(token)
            found.append(("NATS_TOKEN", .token(token)))
        }
        let user = try reader.value("NATS_USERNAME", secret: false)
        let password = try reader.value("NATS_PASSWORD")
        if let password { reader.secrets.register(password) }
        switch (user, password) {
        case (let user?, let password?): found.append(("NATS_USERNAME", .userPassword(user: user, password: password)))
        case (nil, nil): break
        default:
            throw ConfigurationError(
                code: .invalidValue,
                variable: user == nil ? "NATS_USERNAME" : "NATS_PASSWORD",
                message: "NATS_USERNAME and NATS_PASSWORD must be set together."
            )
        }
        if let seed = try reader.value("NATS_NKEY") {
            reader.secrets.register(seed)
            guard (try? NATSAuthentication.nkey(seed: seed).validated()) != nil else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: "NATS_NKEY",
                    message:
                        "NATS_NKEY is not a valid NKey user seed; expected the SU... seed that nk -gen user prints."
                )
            }
            found.append(("NATS_NKEY", .nkey(seed: seed)))
        }
        if let path = try reader.value("NATS_CREDS", secret: false) {
            let authentication: NATSAuthentication
            do {
                authentication = try NATSAuthentication.credentials(file: path)
            } catch {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: "NATS_CREDS",
                    message: "NATS_CREDS names \(path), which is not a readable .creds file with a user JWT and seed."
                )
            }
            if case .credentials(let jwt, let seed) = authentication {
                reader.secrets.register(jwt)
                reader.secrets.register(seed)
            }
            found.append(("NATS_CREDS", authentication))
        }
        guard found.count <= 1 else {
            throw ConfigurationError(
                code: .invalidValue,
                variable: found[1].0,
                message: "Only one NATS credential may be set; found \(found.map(\.0).joined(separator: " and "))."
            )
        }
        return found.first?.1
    }

    private static func packetKeys(_ reader: EnvironmentReader) throws(ConfigurationError) -> PacketKeys {
        var keys = PacketKeys(requireSigned: try reader.flag("CORDUM_CAP_REQUIRE_SIGNED"))
        if let path = try reader.value("CORDUM_CAP_SIGNING_KEY", secret: false) {
            guard let pem = try? String(contentsOfFile: path, encoding: .utf8),
                let key = try? P256.Signing.PrivateKey(pemRepresentation: pem)
            else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: "CORDUM_CAP_SIGNING_KEY",
                    message:
                        "CORDUM_CAP_SIGNING_KEY names \(path), which is not a readable PEM P-256 private key (openssl ecparam -name prime256v1 -genkey)."
                )
            }
            keys.signingKey = key
        }
        for entry in try reader.value("CORDUM_CAP_PUBLIC_KEYS", secret: false)?.split(separator: ",") ?? [] {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let pem = try? String(contentsOfFile: parts[1], encoding: .utf8),
                let key = try? P256.Signing.PublicKey(pemRepresentation: pem)
            else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: "CORDUM_CAP_PUBLIC_KEYS",
                    message:
                        "CORDUM_CAP_PUBLIC_KEYS has \"\(entry)\"; expected sender_id=path of a PEM P-256 public key, comma-separated."
                )
            }
            keys.publicKeys[parts[0]] = key
        }
        return keys
    }
}

extension EnvironmentReader {
    /// A boolean variable: `1`, `true`, `yes`, `on` (any case) are true; unset is false.
    func flag(_ name: String) throws(ConfigurationError) -> Bool {
        guard let text = try value(name, secret: false) else { return false }
        switch text.lowercased() {
        case "1", "true", "yes", "y", "on": return true
        case "0", "false", "no", "n", "off": return false
        default:
            throw ConfigurationError(
                code: .invalidValue,
                variable: name,
                message: "\(name) is \"\(text)\"; expected true or false."
            )
        }
    }
}
