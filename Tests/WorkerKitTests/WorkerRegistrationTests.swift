import Testing
import WorkerKit

@Suite("WorkerRegistration: when a built-in worker runs")
struct WorkerRegistrationTests {
    struct BadSettings: Error {}

    static let needsSettings = WorkerRegistration(packID: "acme-cloud", needsSettings: true) { settings in
        guard settings["CORDUM_ACME_CLOUD_TOKEN"] != nil else { throw BadSettings() }
        return Worker(packID: "acme-cloud")
    }

    @Test func aWorkerThatNeedsNoSettingsIsAlwaysConfigured() throws {
        let registration = WorkerRegistration(packID: "plain") { _ in Worker(packID: "plain") }
        #expect(registration.isConfigured(by: [:]))
        #expect(try registration.make(settings: [:]).packID == "plain")
    }

    @Test func aWorkerThatNeedsSettingsIsConfiguredOnlyByItsOwnNonEmptyVariables() {
        #expect(!Self.needsSettings.isConfigured(by: [:]))
        #expect(!Self.needsSettings.isConfigured(by: ["CORDUM_OTHER_TOKEN": "x", "CORDUM_ACME_CLOUD_TOKEN": ""]))
        #expect(Self.needsSettings.isConfigured(by: ["CORDUM_ACME_CLOUD_BASE_URL": "http://127.0.0.1:1"]))
    }

    @Test func invalidSettingsThrowTheWorkersError() {
        #expect(throws: BadSettings.self) {
            try Self.needsSettings.make(settings: ["CORDUM_ACME_CLOUD_BASE_URL": "http://127.0.0.1:1"])
        }
    }
}
