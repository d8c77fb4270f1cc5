public import Logging

/// A swift-log handler that removes every secret of a ``SecretRegistry`` from the message and the metadata
/// (values, nested lists and dictionaries, and the metadata provider's values) before passing the line on.
///
/// WorkerKit installs it on `JobContext.logger` and on its own logger, so a handler that logs a token by mistake
/// writes `[REDACTED]`:
/// ```swift
/// logger.handler = SecretScrubbingLogHandler(wrapping: logger.handler, secrets: configuration.secrets)
/// ```
public struct SecretScrubbingLogHandler: LogHandler {
    /// The handler lines are passed to after scrubbing.
    public var wrapped: any LogHandler
    /// The secrets removed.
    public let secrets: SecretRegistry

    /// Wraps `handler`.
    /// - Parameters:
    ///   - handler: Where scrubbed lines go.
    ///   - secrets: The values to remove.
    public init(wrapping handler: any LogHandler, secrets: SecretRegistry) {
        // Never wrap twice: the inner scrubber already covers the registry it was given.
        if let inner = handler as? SecretScrubbingLogHandler, inner.secrets === secrets {
            self.wrapped = inner.wrapped
        } else {
            self.wrapped = handler
        }
        self.secrets = secrets
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = Logger.Message(stringLiteral: secrets.scrub(event.message.description))
        var metadata = event.metadata ?? [:]
        // The handler's own metadata and the provider's are merged here so that they are scrubbed too.
        for (key, value) in wrapped.metadataProvider?.get() ?? [:] where metadata[key] == nil { metadata[key] = value }
        for (key, value) in wrapped.metadata where secrets.containsSecret(value.description) && metadata[key] == nil {
            metadata[key] = value
        }
        event.metadata = metadata.isEmpty ? event.metadata : metadata.mapValues(scrub)
        if let error = event.error, secrets.containsSecret(String(describing: error)) {
            event.error = ScrubbedError(description: secrets.scrub(String(describing: error)))
        }
        wrapped.log(event: event)
    }

    /// An error whose text had a secret, as passed on instead of it.
    private struct ScrubbedError: Error, CustomStringConvertible {
        let description: String
    }

    private func scrub(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(secrets.scrub(text))
        case .stringConvertible(let convertible): .string(secrets.scrub(convertible.description))
        case .array(let values): .array(values.map(scrub))
        case .dictionary(let values): .dictionary(values.mapValues(scrub))
        }
    }
}

extension Logger {
    /// This logger with every line passed through a ``SecretScrubbingLogHandler`` over `secrets`.
    public func scrubbingSecrets(_ secrets: SecretRegistry) -> Logger {
        var logger = self
        logger.handler = SecretScrubbingLogHandler(wrapping: logger.handler, secrets: secrets)
        return logger
    }
}
