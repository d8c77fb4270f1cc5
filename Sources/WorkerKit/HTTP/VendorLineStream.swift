public import NIOHTTP1
public import StructuredData
import Synchronization

/// The limits of a streamed answer: reading stops cleanly at either, and the stream reports it was truncated.
public struct StreamLimits: Sendable, Hashable {
    /// The most body bytes read; default 8 MiB.
    public var maxBytes: Int
    /// The longest the stream is read, from the request; default 5 minutes.
    public var maxDuration: Duration

    /// Limits.
    /// - Parameters:
    ///   - maxBytes: Default 8 MiB.
    ///   - maxDuration: Default 5 minutes.
    public init(maxBytes: Int = 8 << 20, maxDuration: Duration = .seconds(300)) {
        self.maxBytes = max(maxBytes, 1)
        self.maxDuration = maxDuration
    }
}

/// How a streamed answer ended.
public enum StreamEnding: Sendable, Hashable {
    /// The vendor ended it.
    case completed
    /// Reading stopped at ``StreamLimits/maxBytes``; lines after the limit were not read.
    case truncatedAtByteLimit
    /// Reading stopped at ``StreamLimits/maxDuration``.
    case truncatedAtTimeLimit

    /// Whether a limit cut it (the output's `truncated`).
    public var isTruncated: Bool { self != .completed }
}

/// A streamed answer read line by line as it arrives (Kubernetes pod logs with `follow=true`, watch events,
/// NDJSON, any text lines): an `AsyncSequence` of lines without their line breaks (`\n` or `\r\n`), registered
/// secrets scrubbed from each. It ends at the vendor's end or at a limit (see ``ending``); a broken connection
/// throws `unavailable`. Ending the iteration, or cancelling its task, closes the connection. Read it once.
///
/// ```swift
/// let logs = try await client.streamLines(VendorRequest(url: "\(base)/api/v1/namespaces/ns/pods/web/log?follow=true"),
///                                         limits: StreamLimits(maxBytes: 1 << 20, maxDuration: .seconds(60)),
///                                         logger: logger)
/// for try await line in logs { lines.append(line) }
/// output["truncated"] = .bool(logs.ending?.isTruncated ?? false)
/// ```
public struct VendorLineStream: AsyncSequence, Sendable {
    public typealias Element = String

    /// The answer's status (below 400).
    public let status: Int
    /// The answer's headers.
    public let headers: HTTPHeaders
    /// The vendor's request id, else the worker's.
    public let requestID: String
    let lines: AsyncThrowingStream<String, any Error>
    let state: StreamState
    /// The task reading the body; cancelled when an iterator is dropped.
    let reader: Task<Void, Never>

    /// How the stream ended; `nil` while it is being read.
    public var ending: StreamEnding? { state.ending }
    /// Body bytes read so far.
    public var bytesRead: Int { state.bytes }

    public func makeAsyncIterator() -> Iterator {
        Iterator(lines: lines.makeAsyncIterator(), lifetime: IterationLifetime(reader: reader))
    }

    /// Reads lines; when it is dropped (the loop left, its task ended), the connection is closed.
    public struct Iterator: AsyncIteratorProtocol {
        var lines: AsyncThrowingStream<String, any Error>.AsyncIterator
        let lifetime: IterationLifetime

        public mutating func next() async throws -> String? {
            try await lines.next()
        }
    }

    /// The lines as JSON values (NDJSON, Kubernetes watch events); blank lines are skipped.
    public func jsonValues() -> VendorJSONStream { VendorJSONStream(lines: self) }
}

/// The lines of a ``VendorLineStream`` parsed as JSON; a line that is not JSON throws `vendor_error` naming it.
public struct VendorJSONStream: AsyncSequence, Sendable {
    public typealias Element = JSONValue

    /// The underlying lines (for ``VendorLineStream/ending``).
    public let lines: VendorLineStream

    public func makeAsyncIterator() -> Iterator {
        Iterator(lines: lines.makeAsyncIterator(), requestID: lines.requestID)
    }

    /// Reads JSON values.
    public struct Iterator: AsyncIteratorProtocol {
        var lines: VendorLineStream.Iterator
        let requestID: String
        var number = 0

        public mutating func next() async throws -> JSONValue? {
            while let line = try await lines.next() {
                number += 1
                guard line.contains(where: { $0 != " " && $0 != "\t" }) else { continue }
                do {
                    return try JSONParser.parse(Array(line.utf8), file: "stream").value
                } catch {
                    throw WorkerError(
                        code: .vendorError,
                        message:
                            "Line \(number) of the streamed answer (request id \(requestID)) is not JSON: \(error.code.rawValue)."
                    )
                }
            }
            return nil
        }
    }
}

/// What the reading task shares with the stream's readers.
final class StreamState: Sendable {
    private let value = Mutex<(ending: StreamEnding?, bytes: Int)>((nil, 0))

    var ending: StreamEnding? { value.withLock { $0.ending } }
    var bytes: Int { value.withLock { $0.bytes } }

    func end(_ ending: StreamEnding) { value.withLock { if $0.ending == nil { $0.ending = ending } } }
    func add(bytes: Int) { value.withLock { $0.bytes += bytes } }
}

/// Cancels the reading task when the last copy of an iterator goes away.
final class IterationLifetime: Sendable {
    let reader: Task<Void, Never>

    init(reader: Task<Void, Never>) {
        self.reader = reader
    }

    deinit {
        reader.cancel()
    }
}
