import Foundation

/// NATS message headers (`NATS/1.0` block of `HPUB`/`HMSG`), in order, with an optional status line.
public struct NATSHeaders: Sendable, Hashable {
    /// Name–value pairs in wire order; a name may repeat.
    public var fields: [(name: String, value: String)] {
        get { storage.map { ($0.name, $0.value) } }
        set { storage = newValue.map { Field(name: $0.name, value: $0.value) } }
    }
    /// The status code of the header line (e.g. `503` for "no responders"), if any.
    public var status: Int?
    /// The text after the status code, if any.
    public var statusDescription: String?

    private struct Field: Hashable {
        var name: String
        var value: String
    }
    private var storage: [Field]

    /// Creates headers from pairs.
    /// - Parameter fields: Name–value pairs in wire order.
    public init(_ fields: [(String, String)] = []) {
        self.storage = fields.map { Field(name: $0.0, value: $0.1) }
        self.status = nil
        self.statusDescription = nil
    }

    /// The first value for `name` (case-insensitive), or `nil`.
    public subscript(name: String) -> String? {
        let lowered = name.lowercased()
        return storage.first { $0.name.lowercased() == lowered }?.value
    }

    /// Appends a field.
    public mutating func add(_ name: String, _ value: String) {
        storage.append(Field(name: name, value: value))
    }

    var isEmpty: Bool { storage.isEmpty && status == nil }

    /// The wire form, `NATS/1.0[ status]\r\n(name: value\r\n)*\r\n`.
    func encoded() -> String {
        var text = "NATS/1.0"
        if let status { text += " \(status)" + (statusDescription.map { " \($0)" } ?? "") }
        text += "\r\n"
        for field in storage { text += "\(field.name): \(field.value)\r\n" }
        return text + "\r\n"
    }

    /// Parses the wire form; returns `nil` if it does not start with `NATS/1.0`.
    init?(parsing text: String) {
        var lines = text.components(separatedBy: "\r\n")[...]
        guard let first = lines.popFirst(), first.hasPrefix("NATS/1.0") else { return nil }
        self.init()
        let rest = first.dropFirst("NATS/1.0".count).drop { $0 == " " }
        if !rest.isEmpty {
            let parts = rest.split(separator: " ", maxSplits: 1)
            status = Int(parts[0])
            if parts.count > 1 { statusDescription = String(parts[1]) }
        }
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            storage.append(Field(name: name, value: String(value)))
        }
    }
}
