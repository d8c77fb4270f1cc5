import CZlib

extension Gzip {
    /// A zlib inflate stream that reads gzip members only (window bits 15 + 16).
    ///
    /// zlib's state points back at its `z_stream`, so the stream lives on the heap where it cannot move.
    struct Inflater: ~Copyable {
        private let stream: UnsafeMutablePointer<z_stream>
        private static let chunkSize = 64 << 10

        init() throws(ArchiveError) {
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            let status = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else {
                stream.deinitialize(count: 1)
                stream.deallocate()
                throw .corruptGzip("zlib could not start inflating (status \(status))")
            }
            self.stream = stream
        }

        deinit {
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }

        /// Inflates every member of `input`.
        func inflate(
            _ input: UnsafeBufferPointer<UInt8>,
            maxOutputBytes: Int
        ) throws(ArchiveError) -> [UInt8] {
            guard let base = input.baseAddress else {
                throw .corruptGzip("the stream is empty")
            }
            var output: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
            var consumed = 0
            stream.pointee.next_in = UnsafeMutablePointer(mutating: base)
            stream.pointee.avail_in = 0
            while true {
                if stream.pointee.avail_in == 0 && consumed < input.count {
                    let feed = min(input.count - consumed, Int(UInt32.max))
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: base + consumed)
                    stream.pointee.avail_in = UInt32(feed)
                    consumed += feed
                }
                let room = min(Self.chunkSize - 1, maxOutputBytes - output.count) + 1
                let status = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.pointee.next_out = buffer.baseAddress
                    stream.pointee.avail_out = UInt32(room)
                    return CZlib.inflate(stream, Z_NO_FLUSH)
                }
                let produced = room - Int(stream.pointee.avail_out)
                output.append(contentsOf: chunk[0..<produced])
                guard output.count <= maxOutputBytes else {
                    throw ArchiveError(
                        code: .decompressedTooLarge,
                        message: "gzip stream inflates to more than \(maxOutputBytes) bytes, the most allowed"
                    )
                }
                let remaining = Int(stream.pointee.avail_in) + (input.count - consumed)
                switch status {
                case Z_STREAM_END:
                    let position = input.count - remaining
                    if remaining == 0 || input[position...].allSatisfy({ $0 == 0 }) {
                        return output
                    }
                    guard remaining >= 2, input[position] == 0x1f, input[position + 1] == 0x8b else {
                        throw .corruptGzip("\(remaining) bytes of trailing data follow the last gzip member")
                    }
                    inflateReset(stream)
                case Z_OK:
                    continue
                case Z_BUF_ERROR where remaining == 0:
                    throw .corruptGzip("the stream is truncated")
                case Z_BUF_ERROR:
                    continue
                default:
                    throw .corruptGzip(Self.describe(status, stream.pointee.msg))
                }
            }
        }

        private static func describe(_ status: Int32, _ message: UnsafePointer<CChar>?) -> String {
            if let message {
                return String(cString: message)
            }
            return "zlib status \(status)"
        }
    }
}
