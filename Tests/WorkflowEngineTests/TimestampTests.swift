import Testing
import WorkflowEngine

@Suite struct TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2026-01-18T10:00:00Z", Int64(1_768_730_400_000)),
        ("2026-01-18T12:00:00.5+02:00", Int64(1_768_730_400_500)),
        ("2000-02-29T23:59:59.999Z", Int64(951_868_799_999)),
    ])
    func parsesRFC3339(_ text: String, _ milliseconds: Int64) {
        #expect(Timestamp(rfc3339: text)?.milliseconds == milliseconds)
    }

    @Test(arguments: [
        "2026-01-18", "2026-13-01T00:00:00Z", "2026-01-18T10:00:00", "yesterday", "2026-01-18T10:00:00+0200",
    ])
    func rejectsMalformed(_ text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func formatsUTC() {
        #expect(Timestamp(milliseconds: 1_768_730_400_500).description == "2026-01-18T10:00:00.500Z")
    }
}
