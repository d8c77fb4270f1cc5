import APIContracts
import Foundation
import Testing

/// Every description in ../shared/vendor-specs loads, with the operation count the vendor published.
@Suite("Vendor descriptions load")
struct VendorSpecTests {
    /// `shared/vendor-specs` beside the repository (the project's checkouts sit next to `shared/`).
    static let folder: String? = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let candidates = [
            url.deletingLastPathComponent().appendingPathComponent("shared/vendor-specs").path,
            "/work/shared/vendor-specs",
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }()

    static let expected: [(file: String, version: APIDocument.Version, operations: Int)] = [
        ("slack/slack_web_openapi_v2.json", .swagger2, 174),
        ("pagerduty/rest_openapiv3.json", .openAPI30, 465),
        ("pagerduty/events_v2_openapiv3.json", .openAPI30, 2),
        ("sentry/openapi-derefed.json", .openAPI30, 223),
        ("vault/openapi.json", .openAPI30, 1049),
        ("jira/swagger-v3.v3.json", .openAPI30, 616),
        ("datadog/v1_openapi.yaml", .openAPI30, 235),
        ("terraform-cloud/spec.json", .openAPI30, 380),
        ("prometheus/openapi_3.1_golden.yaml", .openAPI31, 49),
        ("jaeger/query_service.openapi.json", .openAPI30, 8),
    ]

    @Test(arguments: expected.map(\.file))
    func loads(_ file: String) throws {
        guard let folder = Self.folder else {
            print("vendor-specs folder absent (../shared/vendor-specs): skipping \(file)")
            return
        }
        let start = ContinuousClock.now
        let document = try APIDocument(contentsOf: "\(folder)/\(file)")
        let elapsed = ContinuousClock.now - start
        let entry = try #require(Self.expected.first { $0.file == file })
        print("LOAD \(file) \(document.version.rawValue) \(document.operations.count) operations \(elapsed)")
        #expect(document.version == entry.version)
        #expect(document.operations.count == entry.operations)
    }
}
