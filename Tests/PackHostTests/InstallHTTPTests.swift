import Bundler
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import PackFormat
import Testing
import WorkflowEngine

@testable import PackHost

/// A loopback HTTP server that answers GET with fixed bodies by path (404 otherwise).
final class StaticHTTPServer: Sendable {
    let channel: any Channel
    let port: Int

    init(files: [String: [UInt8]]) async throws {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(StaticHandler(files: files))
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func stop() async throws { try await channel.close() }

    private final class StaticHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let files: [String: [UInt8]]

        init(files: [String: [UInt8]]) { self.files = files }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .head(let head) = unwrapInboundIn(data) else { return }
            let body = files[head.uri]
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: String(body?.count ?? 0))
            headers.add(name: "Connection", value: "close")
            let status: HTTPResponseStatus = body == nil ? .notFound : .ok
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
                promise: nil
            )
            if let body { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil) }
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

@Suite("Installs over HTTP")
struct InstallHTTPTests {
    @Test("a catalog and bundle served over http install; relative entry URLs resolve; 404 and size limits refuse")
    func overHTTP() async throws {
        let pack = try PackLoader.load(SyntheticPack(id: "web").write())
        let bundle = try BundleWriter.bundle(pack)
        let entry = CatalogEntry(
            id: "web",
            version: "0.1.0",
            title: "web",
            url: "packs/web/0.1.0/pack.tgz",
            sha256: bundle.sha256
        )
        let catalog = Catalog(updatedAt: "2026-01-18T10:00:00Z", packs: [entry])
        let server = try await StaticHTTPServer(files: [
            "/catalog.json": catalog.bytes, "/packs/web/0.1.0/pack.tgz": bundle.bytes,
        ])
        let installer = try InstallFixture.installer()
        let result = try await installer.install(
            from: CatalogPackSource(catalog: server.url("/catalog.json"), packID: "web")
        )
        #expect(result.record.status == .active)
        let missing = await #expect(throws: HostError.self) {
            try await installer.install(from: CatalogPackSource(catalog: server.url("/nope.json"), packID: "web"))
        }
        #expect(missing?.code == .unavailable)
        #expect(missing?.message.contains("404") == true)
        let tooLarge = await #expect(throws: HostError.self) {
            try await ResourceFetcher().fetch(server.url("/packs/web/0.1.0/pack.tgz"), limit: 10, what: "pack bundle")
        }
        #expect(tooLarge?.code == .tooLarge)
        try await server.stop()
    }

    @Test("credentials in a URL never appear in messages")
    func redaction() async throws {
        let error = await #expect(throws: HostError.self) {
            try await ResourceFetcher(timeout: .seconds(1)).fetch(
                "http://user:s3cret@127.0.0.1:1/catalog.json",
                limit: 10,
                what: "catalog"
            )
        }
        #expect(error?.message.contains("s3cret") == false)
    }
}
