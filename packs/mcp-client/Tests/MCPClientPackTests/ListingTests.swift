import StructuredData
import Synchronization
import Testing
import WorkerKit

@testable import MCPClientWorker

/// Paginated MCP lists (`nextCursor`) through a session whose channel serves scripted pages: every page is read, the
/// count is reported, a listing that never ends is cut and marked truncated, and a cursor handed out twice fails.
@Suite struct ListingTests {
    /// A channel that answers `initialize` and serves `tools/list` pages from `next`: the cursor of the page after a
    /// given cursor (`nil` for the first page), or no cursor for the last page.
    final class PagedChannel: MCPChannel {
        let next: @Sendable (String?) -> String?
        let asked = Mutex<[String?]>([])

        init(next: @escaping @Sendable (String?) -> String?) { self.next = next }

        func call(_ method: String, params: JSONValue, timeout: Duration) async throws(WorkerError) -> JSONValue {
            if method == "initialize" {
                return [
                    "protocolVersion": .string(MCPSession.supportedVersions[0]), "capabilities": ["tools": [:]],
                    "serverInfo": ["name": "paged", "version": "1"],
                ]
            }
            let cursor = params["cursor"]?.stringValue
            asked.withLock { $0.append(cursor) }
            var page: [String: JSONValue] = ["tools": [["name": .string("tool-\(cursor ?? "first")")]]]
            page["nextCursor"] = next(cursor).map(JSONValue.string)
            return .object(page)
        }

        func notify(_ method: String, params: JSONValue?) async throws(WorkerError) {}
        func connection() async -> Int? { 1 }
        func negotiated(protocolVersion: String) async {}
        func plan(_ method: String, params: JSONValue) async -> JSONValue { [:] }
        func close() async {}
    }

    static func session(_ channel: PagedChannel) -> MCPSession {
        MCPSession(
            server: MCPServerConfiguration(
                name: "paged",
                endpoint: .http(url: "http://127.0.0.1:1", headers: [:], token: nil)
            ),
            channel: channel
        )
    }

    @Test func everyPageIsReadAndCounted() async throws {
        let channel = PagedChannel { cursor in
            switch cursor {
            case nil: "p2"
            case "p2": "p3"
            default: nil
            }
        }
        let listing = try await Self.session(channel).toolList().listing
        #expect(listing.pages == 3)
        #expect(!listing.truncated)
        #expect(listing.items.compactMap { $0["name"]?.stringValue } == ["tool-first", "tool-p2", "tool-p3"])
        #expect(channel.asked.withLock { $0 } == [nil, "p2", "p3"])
    }

    @Test func aListingThatNeverEndsIsCutAtThePageLimitAndMarkedTruncated() async throws {
        let channel = PagedChannel { cursor in "p\((Int((cursor ?? "p0").dropFirst()) ?? 0) + 1)" }
        let listing = try await Self.session(channel).list("tools/list", key: "tools")
        #expect(listing.pages == MCPSession.maxListPages)
        #expect(listing.truncated)
        #expect(listing.items.count == MCPSession.maxListPages)
    }

    @Test func aCursorHandedOutTwiceFailsInsteadOfLoopingForever() async throws {
        let channel = PagedChannel { _ in "again" }
        let error = await #expect(throws: WorkerError.self) {
            _ = try await Self.session(channel).list("tools/list", key: "tools")
        }
        #expect(error?.code == .vendorError)
        #expect(error?.message.contains("\"again\" it already gave") == true, "\(error?.message ?? "")")
        #expect(channel.asked.withLock { $0 } == [nil, "again"])
    }
}
