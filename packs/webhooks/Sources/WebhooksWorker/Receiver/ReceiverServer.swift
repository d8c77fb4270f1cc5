import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import NIOCore
import StructuredData

/// The receiver on Hummingbird: `POST <source path>` into ``WebhookReceiver``, `GET /_health` for load balancers.
/// The body is read up to the largest source limit plus one byte, so an oversized body is refused without being
/// held in full.
public enum ReceiverServer {
    /// The application.
    /// - Parameters:
    ///   - receiver: The receiver.
    ///   - host: The address to listen on.
    ///   - port: The port (0: a free one).
    ///   - onServerRunning: Called with the bound port.
    public static func application(
        _ receiver: WebhookReceiver,
        host: String,
        port: Int,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router(context: ReceiverRequestContext.self)
        let limit = (receiver.sources.values.map(\.maxBodyBytes).max() ?? (1 << 20)) + 1
        router.get("/_health") { _, _ in "ok" }
        router.post("**") { request, context -> Response in
            var headers: [String: String] = [:]
            for field in request.headers {
                let name = field.name.canonicalName
                headers[name] = headers[name].map { $0 + "," + field.value } ?? field.value
            }
            var body: [UInt8] = []
            do {
                let buffer = try await request.body.collect(upTo: limit)
                body = Array(buffer: buffer)
            } catch {
                body = Array(repeating: 0, count: limit)
            }
            let remote: String? = context.remoteAddress?.ipAddress
            let answer = await receiver.handle(
                path: request.uri.path,
                headers: headers,
                body: body,
                remoteAddress: remote,
                now: Date()
            )
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            for (name, value) in answer.headers {
                if let field = HTTPField.Name(name) { fields[field] = value }
            }
            return Response(
                status: HTTPResponse.Status(code: answer.status),
                headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(string: JSONEncoding.compact(answer.body)))
            )
        }
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: Logger(label: "cordum.webhooks.receiver.http")
        )
    }
}

/// A request context that keeps the peer's address, for the sources' allowed networks.
struct ReceiverRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
