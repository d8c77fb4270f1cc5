import Foundation

/// Which process listens on a TCP port, read from Linux's `/proc`: a test server is ready only when the process the
/// test started listens, not when anything answers on the port.
public enum ListeningSockets {
    /// Whether process `pid` holds a listening TCP socket on `port` (any local address, IPv4 or IPv6). Where `/proc`
    /// is not there (not Linux), answers true: the caller then relies on the connection alone.
    public static func process(_ pid: Int32, listensOn port: Int) -> Bool {
        guard FileManager.default.fileExists(atPath: "/proc/net/tcp") else { return true }
        let inodes = listeningInodes(port: port)
        guard !inodes.isEmpty else { return false }
        let folder = "/proc/\(pid)/fd"
        guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return false }
        for descriptor in descriptors {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(descriptor)")
            else { continue }
            // A socket's link reads `socket:[<inode>]`.
            if target.hasPrefix("socket:["), inodes.contains(String(target.dropFirst(8).dropLast())) { return true }
        }
        return false
    }

    /// The inodes of the sockets listening on `port`, from `/proc/net/tcp` and `/proc/net/tcp6`, whose lines read
    /// `sl local_address rem_address st ... inode` with the address as `HEXIP:HEXPORT` and state `0A` for LISTEN.
    private static func listeningInodes(port: Int) -> Set<String> {
        let wanted = String(format: "%04X", port)
        var inodes: Set<String> = []
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = readAll(table) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 9, fields[3] == "0A", fields[1].hasSuffix(":\(wanted)") else { continue }
                inodes.insert(String(fields[9]))
            }
        }
        return inodes
    }

    /// The whole of a `/proc` file. Its size reads as 0, and Foundation's whole-file readers may stop at the first
    /// page: with a few hundred sockets open the table is longer than that, and the listener's line would be cut off.
    private static func readAll(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { return nil }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
