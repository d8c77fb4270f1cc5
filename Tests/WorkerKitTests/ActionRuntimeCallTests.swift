import NIOHTTP1
import StructuredData
import Synchronization
import Testing
import WorkerKit

/// The action runtime against a loopback vendor: dry-run plans, the request sent, pagination, objects, artifacts
/// and the output envelope.
@Suite("Action runtime calls")
struct ActionRuntimeCallTests {
    @Test func theDryRunPlanIsTheRequestSentAndSendsNothing() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(
                status: .created,
                headers: [("x-request-id", "req-77")],
                body: #"{"id": 41, "url": "https://tracker.example/items/41", "title": "Bug"}"#
            )
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let worker = Tracker.worker(Tracker.settings(baseURL: server.baseURL, secrets: secrets))
        let input: JSONValue = ["project": "acme", "title": "Bug"]
        let dry = await Tracker.run(worker, "items.create", input, secrets: secrets, dryRun: true)
        let output = try #require(dry.output, "\(dry)")
        #expect(server.requests.isEmpty)
        #expect(output["dry_run"] == true && output["status_code"] == nil && output["objects"] == nil)
        let plan = try #require(output["plan"])
        #expect(plan["auth"] == "token")
        #expect(!JSONEncoding.compact(output).contains(Tracker.token))

        let sent = await Tracker.run(worker, "items.create", input, secrets: secrets)
        let result = try #require(sent.output, "\(sent)")
        let request = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(plan["method"] == .string(request.method.rawValue))
        #expect(plan["url"] == .string(server.baseURL + request.uri))
        let planned = try #require(plan["headers"]?.objectValue)
        #expect(!planned.isEmpty)
        for (name, value) in planned {
            #expect(request.headers.first(name: name) == value.stringValue, "header \(name)")
        }
        #expect(planned["X-Tracker-Version"] == "3" && planned["User-Agent"] == "cordum-tracker/1.0")
        #expect(planned["Authorization"] == nil)
        #expect(request.headers.first(name: "authorization") == "Bearer \(Tracker.token)")
        let sentBody = try JSONParser.parse(request.body, file: "body").value
        #expect(plan["body"] == sentBody)
        // The envelope of a write.
        #expect(result["action"] == "items.create" && result["profile"] == "main" && result["project"] == "acme")
        #expect(result["dry_run"] == false && result["status_code"] == 201 && result["request_id"] == "req-77")
        #expect(result["result"]?["title"] == "Bug")
        #expect(result["duration_ms"]?.intValue.map { $0 >= 0 } == true)
        #expect(
            result["objects"]
                == [["kind": "item", "id": 41, "url": "https://tracker.example/items/41", "change": "created"]]
        )
    }

    @Test func aDeletionAnsweredWithoutBodySaysWhatWasDeleted() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(status: .noContent) }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let worker = Tracker.worker(
            Tracker.settings(baseURL: server.baseURL, actions: AccessList(allow: ["items.delete"]), secrets: secrets)
        )
        let outcome = await Tracker.run(worker, "items.delete", ["project": "acme", "id": 9], secrets: secrets)
        let output = try #require(outcome.output, "\(outcome)")
        #expect(server.requests.first?.method == .DELETE && server.requests.first?.uri == "/p/acme/items/9")
        #expect(output["status_code"] == 204)
        #expect(output["result"] == ["deleted": true])
        #expect(output["objects"] == [["kind": "item", "id": 9, "change": "deleted"]])
    }

    @Test func listsFollowLinksUpToTheirPageLimit() async throws {
        let base = Mutex("")
        let server = try await TestHTTPServer.start { request, _ in
            let page = request.uri.contains("&page=") ? Int(request.uri.split(separator: "&page=").last ?? "1") ?? 1 : 1
            var headers: [(String, String)] = []
            if page < 5 {
                let url = base.withLock { $0 }
                headers.append(("Link", #"<\#(url)/p/acme/items?per_page=2&page=\#(page + 1)>; rel="next""#))
            }
            return ScriptedResponse(headers: headers, body: #"{"items": [\#(page * 10), \#(page * 10 + 1)]}"#)
        }
        defer { Task { await server.stop() } }
        base.withLock { $0 = server.baseURL }
        let secrets = SecretRegistry()
        let worker = Tracker.worker(Tracker.settings(baseURL: server.baseURL, secrets: secrets))
        let reports = Mutex<[Int]>([])
        let progress = ProgressReporter { percent, _ in reports.withLock { $0.append(percent) } }
        let limited = await Tracker.run(
            worker,
            "items.list",
            ["project": "acme", "max_pages": 3],
            secrets: secrets,
            progress: progress
        )
        let output = try #require(limited.output, "\(limited)")
        #expect(output["items"] == [10, 11, 20, 21, 30, 31])
        #expect(output["pages"] == 3 && output["truncated"] == true)
        #expect(output["request_id"] == "", "the vendor sent no request id")
        #expect(server.requests.count == 3)
        #expect(server.requests.allSatisfy { $0.headers.first(name: "authorization") == "Bearer \(Tracker.token)" })
        #expect(reports.withLock { $0 } == [33, 66])
        let whole = await Tracker.run(worker, "items.list", ["project": "acme"], secrets: secrets)
        #expect(whole.output?["pages"] == 5 && whole.output?["truncated"] == false)
        #expect(whole.output?["items"]?.arrayValue?.count == 10)
    }

    @Test func largeAnswersMoveToArtifacts() async throws {
        let items = (1...50).map { #"{"id": \#($0), "text": "\#(String(repeating: "x", count: 40))"}"# }
        let server = try await TestHTTPServer.start { request, _ in
            request.uri.contains("/items/")
                ? ScriptedResponse(
                    body: #"{"id": 1, "nested": {"a": 1}, "text": "\#(String(repeating: "y", count: 1100))"}"#
                )
                : ScriptedResponse(body: #"{"items": [\#(items.joined(separator: ","))]}"#)
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let stored = Mutex<[String: [UInt8]]>([:])
        let artifacts = ArtifactWriter(secrets: secrets) { content, _, _, labels in
            stored.withLock { store in
                let pointer = "mem://\(labels["action"] ?? "")/\(store.count)"
                store[pointer] = content
                return pointer
            }
        }
        let worker = Tracker.worker(Tracker.settings(baseURL: server.baseURL, secrets: secrets), artifactThreshold: 300)
        let list = try #require(
            await Tracker.run(worker, "items.list", ["project": "acme"], secrets: secrets, artifacts: artifacts).output
        )
        let artifact = try #require(list["artifacts"]?.arrayValue?.first)
        #expect(artifact["field"] == "items" && artifact["media_type"] == "application/json")
        #expect(artifact["count"] == 50)
        let pointer = try #require(artifact["pointer"]?.stringValue)
        let content = try #require(stored.withLock { $0[pointer] })
        #expect(artifact["bytes"] == .integer(content.count))
        #expect(try JSONParser.parse(content, file: "a").value.arrayValue?.count == 50)
        #expect((list["items"]?.arrayValue?.count ?? 99) < 50)
        #expect(JSONEncoding.compact(list["items"] ?? []).utf8.count <= 300)
        let one = try #require(
            await Tracker.run(
                worker,
                "items.get",
                ["project": "acme", "id": 1],
                secrets: secrets,
                artifacts: artifacts
            )
            .output
        )
        #expect(one["artifacts"]?.arrayValue?.first?["field"] == "result")
        #expect(one["result"] == ["id": 1], "scalars that fit stay; nested objects and long texts go")
    }

    @Test func aCancelledJobSendsNothing() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(body: "{}") }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let settings = Tracker.settings(baseURL: server.baseURL, secrets: secrets)
        let runtime = ActionRuntime(
            settings: settings,
            transport: BearerTokenTransport(settings: settings, http: settings.httpClient(retry: .none))
        )
        let cancellation = CancellationFlag()
        cancellation.cancel(reason: "the run was cancelled")
        let context = JobContext(
            jobID: "c",
            topic: "job.tracker.items.get",
            cancellation: cancellation,
            secrets: secrets
        )
        let error = await #expect(throws: WorkerError.self) {
            try await runtime.run(Tracker.actions[0], context: context, input: ["project": "acme", "id": 1])
        }
        #expect(error?.code == .cancelled)
        #expect(error?.message == "the run was cancelled")
        #expect(server.requests.isEmpty)
    }

    @Test func inlineCredentialsAreUsedOnlyWhenAllowed() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(body: #"{"id": 1}"#) }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let input: JSONValue = ["project": "acme", "id": 1, "auth": "inline-token-777"]
        var settings = Tracker.settings(baseURL: server.baseURL, secrets: secrets)
        let schemaless = ActionSchemas(texts: [
            "ItemsGetInput": #"{"type": "object", "required": ["project", "id"]}"#
        ])
        func worker(_ settings: VendorSettings) -> Worker {
            let transport = BearerTokenTransport(settings: settings, http: settings.httpClient(retry: .none))
            let runtime = ActionRuntime(settings: settings, transport: transport)
            return Worker(packID: "tracker", actions: [Tracker.actions[0]], runtime: runtime, schemas: schemaless)
        }
        let refused = await Tracker.run(worker(settings), "items.get", input, secrets: secrets)
        #expect(refused.error?.code == .inlineAuthRefused)
        #expect(server.requests.isEmpty)
        #expect(secrets.containsSecret("inline-token-777"))
        settings.allowInlineAuth = true
        let used = await Tracker.run(worker(settings), "items.get", input, secrets: secrets)
        #expect(used.output?["result"] == ["id": 1])
        #expect(server.requests.first?.headers.first(name: "authorization") == "Bearer inline-token-777")
    }
}
