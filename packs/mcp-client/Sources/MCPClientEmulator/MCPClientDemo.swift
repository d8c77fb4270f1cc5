import Foundation
import MCP
import Synchronization

/// The demo MCP server: notes with tools of every risk, resources and a prompt, written with the Swift MCP SDK's
/// `Server`. The emulator serves one per session over Streamable HTTP; they share ``MCPDemoNotes``.
public enum MCPClientDemo {
    /// The server's name in the worker profile the emulator publishes.
    public static let serverName = "demo"
    /// The bearer token the emulator expects.
    public static let token = "mcp-demo-token-1f6e2c"

    /// The risk the published profile declares: read-only tools by name, destructive ones by pattern; the rest
    /// (`create_note`, `archive_notes`) is write by default. `archive_notes` is annotated destructive, so its
    /// effective risk is raised: the discover workflow's risk map flags it.
    public static let declaredRisk: [String: [String]] = [
        "read": ["search_notes", "render_chart", "fail", "big_report"],
        "destructive": ["delete_*"],
    ]

    /// The demo tools: name, description, annotations.
    static let tools: [Tool] = [
        Tool(
            name: "search_notes",
            description: "Finds notes whose title or body contains the query.",
            inputSchema: .object([
                "type": "object", "properties": .object(["query": .object(["type": "string"])]),
                "required": .array(["query"]),
            ]),
            annotations: .init(readOnlyHint: true, openWorldHint: false)
        ),
        Tool(
            name: "create_note",
            description: "Creates a note.",
            inputSchema: .object([
                "type": "object",
                "properties": .object(["title": .object(["type": "string"]), "body": .object(["type": "string"])]),
                "required": .array(["title"]),
            ]),
            annotations: .init(readOnlyHint: false, destructiveHint: false, idempotentHint: false)
        ),
        Tool(
            name: "delete_note",
            description: "Deletes a note.",
            inputSchema: .object([
                "type": "object", "properties": .object(["id": .object(["type": "string"])]),
                "required": .array(["id"]),
            ]),
            annotations: .init(readOnlyHint: false, destructiveHint: true)
        ),
        Tool(
            name: "archive_notes",
            description: "Archives every note (annotated destructive; the demo profile leaves it undeclared).",
            inputSchema: .object(["type": "object"]),
            annotations: .init(readOnlyHint: false, destructiveHint: true)
        ),
        Tool(
            name: "render_chart",
            description: "Draws the notes per day as a PNG image.",
            inputSchema: .object(["type": "object"]),
            annotations: .init(readOnlyHint: true)
        ),
        Tool(
            name: "big_report",
            description: "Writes a long text report (larger than the worker keeps inline).",
            inputSchema: .object([
                "type": "object", "properties": .object(["lines": .object(["type": "integer"])]),
            ]),
            annotations: .init(readOnlyHint: true)
        ),
        Tool(
            name: "fail",
            description: "Always fails with isError: true.",
            inputSchema: .object(["type": "object"]),
            annotations: .init(readOnlyHint: true)
        ),
    ]

    /// A 1×1 PNG.
    static let png = Data(
        base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )!

    /// A server for one session, over `notes`.
    static func server(notes: MCPDemoNotes) async -> Server {
        let server = Server(
            name: "cordum-mcp-demo",
            version: "1.0.0",
            capabilities: .init(prompts: .init(), resources: .init(), tools: .init())
        )
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: tools) }
        await server.withMethodHandler(CallTool.self) { params in try call(params, notes: notes) }
        await server.withMethodHandler(ListResources.self) { _ in
            ListResources.Result(
                resources: notes.all().map {
                    Resource(name: $0.title, uri: "notes://\($0.id)", description: "A note.", mimeType: "text/plain")
                }
            )
        }
        await server.withMethodHandler(ReadResource.self) { params in
            guard params.uri.hasPrefix("notes://"), let note = notes.note(String(params.uri.dropFirst(8))) else {
                throw MCPError.invalidParams("Unknown resource \(params.uri)")
            }
            return ReadResource.Result(contents: [
                .text("\(note.title)\n\n\(note.body)", uri: params.uri, mimeType: "text/plain")
            ])
        }
        await server.withMethodHandler(ListPrompts.self) { _ in
            ListPrompts.Result(prompts: [
                Prompt(
                    name: "summarize_notes",
                    description: "Asks for a summary of the notes about a topic.",
                    arguments: [.init(name: "topic", description: "What the summary is about.", required: true)]
                )
            ])
        }
        await server.withMethodHandler(GetPrompt.self) { params in
            guard params.name == "summarize_notes" else {
                throw MCPError.invalidParams("Unknown prompt \(params.name)")
            }
            let topic = params.arguments?["topic"] ?? "everything"
            let lines = notes.all().map { "- \($0.title): \($0.body)" }.joined(separator: "\n")
            return GetPrompt.Result(
                description: "Summary of the notes about \(topic)",
                messages: [.user(.text(text: "Summarize the notes about \(topic):\n\(lines)"))]
            )
        }
        return server
    }

    private static func call(_ params: CallTool.Parameters, notes: MCPDemoNotes) throws -> CallTool.Result {
        let arguments = params.arguments ?? [:]
        switch params.name {
        case "search_notes":
            let query = (arguments["query"]?.stringValue ?? "").lowercased()
            let found = notes.all().filter {
                query.isEmpty || $0.title.lowercased().contains(query) || $0.body.lowercased().contains(query)
            }
            let text = found.map { "\($0.id): \($0.title)" }.joined(separator: "\n")
            return CallTool.Result(
                content: [.text(text: text.isEmpty ? "No notes match." : text, annotations: nil, _meta: nil)],
                structuredContent: .object(["count": .int(found.count), "ids": .array(found.map { .string($0.id) })])
            )
        case "create_note":
            guard let title = arguments["title"]?.stringValue, !title.isEmpty else {
                return CallTool.Result(
                    content: [.text(text: "create_note needs a title.", annotations: nil, _meta: nil)],
                    isError: true
                )
            }
            let note = notes.add(title: title, body: arguments["body"]?.stringValue ?? "")
            return CallTool.Result(
                content: [.text(text: "Created note \(note.id): \(note.title)", annotations: nil, _meta: nil)],
                structuredContent: .object(["id": .string(note.id)])
            )
        case "delete_note":
            let id = arguments["id"]?.stringValue ?? ""
            guard notes.delete(id) else {
                return CallTool.Result(
                    content: [.text(text: "No note \(id).", annotations: nil, _meta: nil)],
                    isError: true
                )
            }
            return CallTool.Result(content: [.text(text: "Deleted note \(id).", annotations: nil, _meta: nil)])
        case "archive_notes":
            let count = notes.all().count
            notes.reset(to: [])
            return CallTool.Result(content: [.text(text: "Archived \(count) notes.", annotations: nil, _meta: nil)])
        case "render_chart":
            return CallTool.Result(content: [
                .text(text: "Notes per day:", annotations: nil, _meta: nil),
                .image(data: png.base64EncodedString(), mimeType: "image/png", annotations: nil, _meta: nil),
            ])
        case "big_report":
            let lines = max(1, min(arguments["lines"]?.intValue ?? 2000, 100_000))
            let text = (1...lines).map { "line \($0): every note is fine." }.joined(separator: "\n")
            return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)])
        case "fail":
            return CallTool.Result(
                content: [.text(text: "The demo tool failed on purpose.", annotations: nil, _meta: nil)],
                isError: true
            )
        default:
            throw MCPError.invalidParams("Unknown tool \(params.name)")
        }
    }
}

/// The demo notes, shared by every session; reset to the seed by the emulator's reset.
public final class MCPDemoNotes: Sendable {
    /// A note.
    public struct Note: Sendable, Hashable {
        public var id: String
        public var title: String
        public var body: String
    }

    /// The notes the emulator starts with.
    public static let seed: [Note] = [
        Note(id: "1", title: "Deploy checklist", body: "Run the deploy after the tests pass."),
        Note(id: "2", title: "Standup", body: "Talk about the MCP pack."),
    ]

    private let state = Mutex<(notes: [Note], next: Int)>((seed, 3))

    public init() {}

    public func all() -> [Note] { state.withLock { $0.notes } }
    public func note(_ id: String) -> Note? { state.withLock { $0.notes.first { $0.id == id } } }

    func add(title: String, body: String) -> Note {
        state.withLock { state in
            let note = Note(id: String(state.next), title: title, body: body)
            state.next += 1
            state.notes.append(note)
            return note
        }
    }

    func delete(_ id: String) -> Bool {
        state.withLock { state in
            let before = state.notes.count
            state.notes.removeAll { $0.id == id }
            return state.notes.count < before
        }
    }

    /// Back to `notes` (the seed by default).
    public func reset(to notes: [Note] = MCPDemoNotes.seed) {
        state.withLock { $0 = (notes, notes.count + 1) }
    }
}
