import Foundation
import PackHost
import Testing

/// What the CAP bridge tells `GET /status` about NATS.
@Suite(.serialized) struct CAPBridgeStatusTests {
    @Test func aRunningBridgeIsConnectedAndAStoppedOneIsNot() async throws {
        let rig = try await CAPRig(catalog: try StaticCatalog.hello())
        let running = await rig.bridge.busStatus()
        #expect(running == BusStatus(connected: true, status: "CONNECTED", url: rig.natsURL))
        await rig.stop()
        #expect(await rig.bridge.busStatus().connected == false)
    }

    @Test func theURLItReportsHasNoCredentials() async throws {
        let fixture = try HostFixture(catalog: try StaticCatalog.hello())
        let bridge = try CAPBridge(
            host: fixture.host,
            configuration: CAPBridgeConfiguration(
                natsURL: "nats://worker:s3cret@127.0.0.1:4222",
                redisURL: "redis://127.0.0.1:6379"
            )
        )
        let status = await bridge.busStatus()
        #expect(status == BusStatus(connected: false, status: "DISCONNECTED", url: "nats://127.0.0.1:4222"))
    }
}
