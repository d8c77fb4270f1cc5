import Foundation
import PackFormat
import StructuredData
import Testing

/// Cordum's installer rules (pack-format §2.2, §2.3, §2.6), each as a change to a valid pack.
@Suite struct InstallerRulesTests {
    /// A change to the minimal manifest (`old` → `new`) and the codes it must produce.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let old: String
        let new: String
        let expected: [PackFormatError.Code]
        var testDescription: String { name }
    }

    static let manifestCases: [Case] = [
        Case(name: "blank id", old: "id: demo\n", new: "id: \"  \"\n", expected: [.missingField]),
        Case(name: "id with capitals", old: "id: demo\n", new: "id: Demo\n", expected: [.invalidPackID]),
        Case(name: "blank version", old: "version: \"0.1.0\"", new: "version: \"\"", expected: [.missingField]),
        Case(
            name: "min core not semver",
            old: "minCoreVersion: \"0.1.0\"",
            new: "minCoreVersion: \"latest\"",
            expected: [.invalidCoreVersion]
        ),
        Case(
            name: "min core with four parts",
            old: "minCoreVersion: \"0.1.0\"",
            new: "minCoreVersion: \"1.2.3.4\"",
            expected: [.invalidCoreVersion]
        ),
        Case(
            name: "protocol version missing",
            old: "protocolVersion: 1",
            new: "protocolVersion: 0",
            expected: [.unsupportedProtocolVersion]
        ),
        Case(
            name: "protocol version 2",
            old: "protocolVersion: 1",
            new: "protocolVersion: 2",
            expected: [.unsupportedProtocolVersion]
        ),
        Case(
            name: "protocol version as a string",
            old: "protocolVersion: 1",
            new: "protocolVersion: \"1\"",
            expected: [.wrongType, .unsupportedProtocolVersion]
        ),
        Case(
            name: "topic outside the namespace",
            old: "- name: job.demo.read",
            new: "- name: job.other.read",
            expected: [.notNamespaced]
        ),
        Case(name: "topic name missing", old: "- name: job.demo.read", new: "- name: \"\"", expected: [.missingField]),
        Case(
            name: "schema outside the namespace",
            old: "id: demo/Input",
            new: "id: other/Input",
            expected: [.notNamespaced]
        ),
        Case(
            name: "workflow outside the namespace",
            old: "id: demo.run",
            new: "id: demorun",
            expected: [.notNamespaced]
        ),
        Case(
            name: "bad config overlay key",
            old: "key: timeouts",
            new: "key: limits",
            expected: [.unsupportedOverlayKey]
        ),
        Case(
            name: "bad config overlay strategy",
            old: "key: pools",
            new: "key: pools\n      strategy: replace",
            expected: [.unsupportedStrategy]
        ),
        Case(
            name: "bad policy overlay strategy",
            old: "- name: safety",
            new: "- name: safety\n      strategy: merge",
            expected: [.unsupportedStrategy]
        ),
        Case(
            name: "topics not a list",
            old: "topics:\n  - name: job.demo.read\n    capability: demo.read\n    riskTags: [read]",
            new: "topics: job.demo.read",
            expected: [.wrongType]
        ),
        Case(
            name: "risk tags not lists",
            old: "riskTags: [read]",
            new: "riskTags: read",
            expected: [.wrongType, .wrongType]
        ),
    ]

    @Test(arguments: manifestCases)
    func manifestRule(_ testCase: Case) throws {
        let manifest = Fixture.minimal["pack.yaml"]!
        #expect(manifest.contains(testCase.old))
        let fixture = try Fixture(
            Fixture.minimal(changing: ["pack.yaml": manifest.replacingOccurrences(of: testCase.old, with: testCase.new)]
            )
        )
        defer { fixture.remove() }
        #expect(
            loadCodes { try PackLoader.load(fixture.root) }.sorted { $0.rawValue < $1.rawValue }
                == testCase.expected.sorted { $0.rawValue < $1.rawValue }
        )
    }

    static let patchCases: [(String, String, String, [PackFormatError.Code])] = [
        ("pools key", "overlays/pools.yaml", "topics: {job.demo.read: demo}\nrouting: {}\n", [.unsupportedOverlayKey]),
        ("pools topic outside namespace", "overlays/pools.yaml", "topics: {job.other.read: demo}\n", [.notNamespaced]),
        ("pool outside namespace", "overlays/pools.yaml", "pools: {shared: {requires: []}}\n", [.notNamespaced]),
        ("pools topics not a map", "overlays/pools.yaml", "topics: [job.demo.read]\n", [.wrongType]),
        ("patch not a map", "overlays/pools.yaml", "- a\n", [.wrongType]),
        (
            "timeouts key", "overlays/timeouts.yaml", "reconciler: {scan_interval_seconds: 1}\n",
            [.unsupportedOverlayKey]
        ),
        (
            "timeouts topic outside namespace", "overlays/timeouts.yaml",
            "topics: {job.x.read: {timeout_seconds: 1}}\n", [.notNamespaced]
        ),
        (
            "timeouts workflow outside namespace", "overlays/timeouts.yaml",
            "workflows: {x.run: {total_timeout_seconds: 1}}\n", [.notNamespaced]
        ),
        ("timeouts workflows not a map", "overlays/timeouts.yaml", "workflows: 3\n", [.wrongType]),
    ]

    @Test(arguments: patchCases)
    func overlayRule(_ name: String, _ file: String, _ text: String, _ expected: [PackFormatError.Code]) throws {
        let fixture = try Fixture(Fixture.minimal(changing: [file: text]))
        defer { fixture.remove() }
        #expect(loadCodes { try PackLoader.load(fixture.root) } == expected, "\(name)")
    }

    @Test func messagesMatchCordums() throws {
        let manifest = Fixture.minimal["pack.yaml"]!.replacingOccurrences(
            of: "- name: job.demo.read",
            with: "- name: job.other.read"
        )
        let fixture = try Fixture(Fixture.minimal(changing: ["pack.yaml": manifest]))
        defer { fixture.remove() }
        do {
            _ = try PackLoader.load(fixture.root)
            Issue.record("expected a failure")
        } catch {
            #expect(error.errors.first?.message == "topic \"job.other.read\" must be namespaced under job.demo.*")
            #expect(error.errors.first?.field == "topics[0].name")
            #expect(error.errors.first?.location.line == 10)
        }
    }

    @Test(arguments: [
        ("0.1.0", true), ("v1.2", true), ("1.2.3-rc.1+build", true), ("1.2.3+build", true), ("1", false),
        ("1.2.3.4", false), ("1.x", false), ("", false), ("+1.2", false),
    ])
    func coreVersionParsing(_ text: String, _ valid: Bool) {
        #expect((CoreVersion(text) != nil) == valid)
    }

    @Test func coreVersionOrderingFollowsCordumctl() throws {
        #expect(try #require(CoreVersion("0.1.2")) < #require(CoreVersion("0.6.0")))
        #expect(try #require(CoreVersion("1.0.0-rc1")) < #require(CoreVersion("1.0.0")))
        #expect(try #require(CoreVersion("v1.2")) == #require(CoreVersion("1.2.0")))
    }
}
