import ArgumentParser
import Foundation
import PackHost
import StructuredData

/// `packctl artifact`: reads one artifact (a report, a chart) of the tenant.
struct Artifact: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print or save an artifact (a workflow's report, a worker's chart) by its pointer.",
        discussion: """
            Reads redis://art:<id> from the embedded host (or, with --host, a running one) for the tenant. \
            Text artifacts (text/*, JSON, XML) are printed as they are; anything else needs --out FILE, which \
            writes the bytes (any type). --format json prints the API's {artifact_ptr, content_base64, metadata}.
            Exit codes: 0 printed or saved; 2 no such artifact (missing, expired or another tenant's), a binary \
            artifact without --out, a file that cannot be written, or the store or host cannot be used.
            """
    )

    @OptionGroup var data: HostDataOptions
    @OptionGroup var target: HostTargetOptions

    @Argument(help: "The pointer, redis://art:<id> (as a step's output names it).")
    var pointer: String

    @Option(name: .long, help: "Write the content to this file instead of printing it.")
    var out: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let answer: JSONValue
        do {
            answer = try await HostSession.using(data: data, target: target) { control throws(HostError) in
                try await control.artifact(pointer)
            }
        } catch {
            throw failHostCommand(error, format: format)
        }
        guard let encoded = answer["content_base64"]?.stringValue, let bytes = Data(base64Encoded: encoded) else {
            throw failHostCommand(
                HostError(.internal, "the host's answer for \(pointer) has no content_base64"),
                format: format
            )
        }
        let type = answer["metadata"]?["content_type"]?.stringValue ?? "application/octet-stream"
        if let out {
            do {
                try bytes.write(to: URL(fileURLWithPath: out))
            } catch {
                throw failHostCommand(HostError(.invalidArgument, "cannot write \(out): \(error)"), format: format)
            }
            switch format {
            case .json:
                print(
                    JSONEncoding.pretty([
                        "artifact_ptr": .string(pointer), "out": .string(out), "size_bytes": .integer(bytes.count),
                    ])
                )
            case .text: print("wrote \(bytes.count) bytes (\(type)) to \(out)")
            }
            return
        }
        switch format {
        case .json: print(JSONEncoding.pretty(answer))
        case .text:
            guard Self.isText(type), let text = String(data: bytes, encoding: .utf8) else {
                throw failHostCommand(
                    HostError(.invalidArgument, "\(pointer) is \(type), not text: save it with --out FILE"),
                    format: format
                )
            }
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }

    /// Whether a media type is text a terminal can show.
    static func isText(_ type: String) -> Bool {
        let base = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return base.hasPrefix("text/") || base == "application/json" || base.hasSuffix("+json")
            || base == "application/xml" || base.hasSuffix("+xml") && base != "image/svg+xml"
    }
}
