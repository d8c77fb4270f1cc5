import CZlib

extension Gzip {
    /// A zlib deflate stream that writes one deterministic gzip member at level 9.
    ///
    /// zlib's state points back at its `z_stream` and keeps a pointer to the gzip header until it has written it, so
    /// both live on the heap where they cannot move.
    struct Deflater: ~Copyable {
        private let stream: UnsafeMutablePointer<z_stream>
        private let header: UnsafeMutablePointer<gz_header>

        init() {
            stream = .allocate(capacity: 1)
            stream.initialize(to: z_stream())
            header = .allocate(capacity: 1)
            header.initialize(to: gz_header())
            header.pointee.time = 0
            header.pointee.os = Int32(Gzip.headerOSByte)
            let status = deflateInit2_(
                stream,
                9,
                Z_DEFLATED,
                15 + 16,
                8,
                Z_DEFAULT_STRATEGY,
                zlibVersion(),
                Int32(MemoryLayout<z_stream>.size)
            )
            precondition(status == Z_OK, "zlib deflateInit2 failed with status \(status)")
            let headerStatus = deflateSetHeader(stream, header)
            precondition(headerStatus == Z_OK, "zlib deflateSetHeader failed with status \(headerStatus)")
        }

        deinit {
            deflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
            header.deinitialize(count: 1)
            header.deallocate()
        }

        /// Compresses all of `input` and finishes the member.
        func deflate(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
            let chunkSize = 64 << 10
            var output: [UInt8] = []
            output.reserveCapacity(Int(deflateBound(stream, UInt(input.count))))
            var chunk = [UInt8](repeating: 0, count: chunkSize)
            var consumed = 0
            stream.pointee.avail_in = 0
            while true {
                if stream.pointee.avail_in == 0 && consumed < input.count, let base = input.baseAddress {
                    let feed = min(input.count - consumed, Int(UInt32.max))
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: base + consumed)
                    stream.pointee.avail_in = UInt32(feed)
                    consumed += feed
                }
                let flush = consumed == input.count ? Z_FINISH : Z_NO_FLUSH
                let status = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.pointee.next_out = buffer.baseAddress
                    stream.pointee.avail_out = UInt32(chunkSize)
                    return CZlib.deflate(stream, flush)
                }
                output.append(contentsOf: chunk[0..<(chunkSize - Int(stream.pointee.avail_out))])
                if status == Z_STREAM_END {
                    return output
                }
                precondition(status == Z_OK || status == Z_BUF_ERROR, "zlib deflate failed with status \(status)")
            }
        }
    }
}
