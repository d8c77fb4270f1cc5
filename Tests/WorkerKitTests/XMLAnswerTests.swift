import Foundation
import NIOHTTP1
import StructuredData
import Testing
import WorkerKit

@Suite("XML answers decoded into JSON values")
struct XMLAnswerTests {
    private func decode(_ text: String, _ decoder: XMLValueDecoder = XMLValueDecoder()) throws -> JSONValue {
        try decoder.decode(Array(text.utf8))
    }

    @Test func stsGetCallerIdentity() throws {
        let value = try decode(
            """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
                <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
                <Account>123456789012</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
            </GetCallerIdentityResponse>
            """
        )
        #expect(
            value == [
                "GetCallerIdentityResponse": [
                    "GetCallerIdentityResult": [
                        "Arn": "arn:aws:iam::123456789012:user/Alice", "UserId": "AIDACKCEVSQ6C2EXAMPLE",
                        "Account": "123456789012",
                    ],
                    "ResponseMetadata": ["RequestId": "01234567-89ab-cdef-0123-456789abcdef"],
                ]
            ]
        )
    }

    @Test func ec2DescribeInstancesItemsAreArraysEvenWhenSingle() throws {
        let value = try decode(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
              <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
              <reservationSet>
                <item>
                  <reservationId>r-1234567890abcdef0</reservationId>
                  <instancesSet>
                    <item>
                      <instanceId>i-1234567890abcdef0</instanceId>
                      <instanceState><code>16</code><name>running</name></instanceState>
                      <tagSet>
                        <item><key>Name</key><value>web &amp; api</value></item>
                        <item><key>env</key><value>prod</value></item>
                      </tagSet>
                      <groupSet/>
                    </item>
                  </instancesSet>
                </item>
              </reservationSet>
            </DescribeInstancesResponse>
            """
        )
        let reservations = try #require(value["DescribeInstancesResponse"]?["reservationSet"]?.arrayValue)
        #expect(reservations.count == 1)
        let instances = try #require(reservations[0]["instancesSet"]?.arrayValue)
        #expect(instances.count == 1)
        #expect(instances[0]["instanceId"] == "i-1234567890abcdef0")
        #expect(instances[0]["instanceState"] == ["code": "16", "name": "running"])
        #expect(instances[0]["tagSet"] == [["key": "Name", "value": "web & api"], ["key": "env", "value": "prod"]])
        #expect(instances[0]["groupSet"] == .null)
    }

    @Test func membersRepeatsAttributesTextAndPrefixes() throws {
        let value = try decode(
            """
            <a:Root xmlns:a="urn:x" xmlns:b="urn:y" version="2">
              <Users><member><Name>ann</Name></member></Users>
              <Tag>one</Tag><Tag>two</Tag>
              <b:Size unit="GiB">40</b:Size>
              <Note><![CDATA[x < y]]></Note>
              <Mixed>hello <b>world</b></Mixed>
            </a:Root>
            """
        )
        #expect(
            value == [
                "Root": [
                    "@version": "2",
                    "Users": [["Name": "ann"]],
                    "Tag": ["one", "two"],
                    "Size": ["@unit": "GiB", "#text": "40"],
                    "Note": "x < y",
                    "Mixed": ["b": "world", "#text": "hello"],
                ]
            ]
        )
    }

    @Test func anExternalEntityIsRefused() throws {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <foo>&xxe;</foo>
            """
        #expect {
            _ = try decode(xxe)
        } throws: { error in
            "\(error)".contains("document type declaration")
        }
    }

    @Test func billionLaughsIsRefused() throws {
        var entities = #"<!ENTITY lol "lol">"#
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        let bomb = "<!-- a comment first --><!DOCTYPE lolz [\(entities)]><lolz>&lol9;</lolz>"
        #expect(throws: XMLValueError.self) { _ = try decode(bomb) }
    }

    @Test(arguments: ["<R><v>1</R>", "<R>", "", "<a/><b/>", "text"])
    func malformedDocumentsAreNamedNotWellFormed(document: String) throws {
        #expect {
            _ = try decode(document)
        } throws: { error in
            "\(error)".contains("not well-formed XML")
        }
    }

    @Test func anUndeclaredEntityIsNotWellFormed() throws {
        #expect(throws: XMLValueError.self) { _ = try decode("<a>&xxe;</a>") }
    }

    @Test(arguments: [
        "<?xml version=\"1.0\" encoding=\"UTF-7\"?><a/>", "<?xml version='1.0' encoding='ISO-8859-1'?><a/>",
    ])
    func anotherEncodingIsRefused(document: String) throws {
        #expect {
            _ = try decode(document)
        } throws: { error in
            "\(error)".contains("encoding")
        }
    }

    @Test func utf16IsRefused() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<a/>".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(throws: XMLValueError.self) { _ = try XMLValueDecoder().decode(bytes) }
    }

    @Test func nestingAndSizeAreBounded() throws {
        let deep = String(repeating: "<a>", count: 20) + String(repeating: "</a>", count: 20)
        #expect(throws: XMLValueError.self) { _ = try decode(deep, XMLValueDecoder(maxDepth: 10)) }
        #expect(throws: XMLValueError.self) {
            _ = try decode("<a>\(String(repeating: "x", count: 100))</a>", XMLValueDecoder(maxBytes: 50))
        }
        #expect(try decode(deep, XMLValueDecoder(maxDepth: 20))["a"] != nil)
    }

    @Test func theAnswerIsDecodedByItsContentType() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            switch request.uri {
            case "/xml":
                ScriptedResponse(headers: [("Content-Type", "text/xml;charset=UTF-8")], body: "<R><v>1</v></R>")
            case "/json": ScriptedResponse(headers: [("Content-Type", "application/json")], body: #"{"v":1}"#)
            default: ScriptedResponse(headers: [("Content-Type", "application/xml")], body: "<R><v>1</R>")
            }
        }
        defer { Task { await server.stop() } }
        let client = VendorHTTPClient(vendor: "aws", secrets: SecretRegistry(), clock: RecordingClock().clock)
        let logger = LogCapture().logger()
        let xml = try await client.send(VendorRequest(url: server.baseURL + "/xml"), logger: logger)
        #expect(try xml.value() == ["R": ["v": "1"]])
        #expect(try ActionAnswer(xml).json() == ["R": ["v": "1"]])
        let json = try await client.send(VendorRequest(url: server.baseURL + "/json"), logger: logger)
        #expect(try json.value() == ["v": 1])
        let broken = try await client.send(VendorRequest(url: server.baseURL + "/broken"), logger: logger)
        #expect {
            _ = try broken.value()
        } throws: { error in
            guard let error = error as? WorkerError else { return false }
            return error.code == .vendorError && error.message.contains("not well-formed XML")
        }
    }

    @Test func anActionReadsAnXMLVendor() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(
                headers: [("Content-Type", "text/xml"), ("x-amzn-RequestId", "aws-req-1")],
                body: "<GetItemResponse><GetItemResult><Id>7</Id></GetItemResult></GetItemResponse>"
            )
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let worker = Tracker.worker(Tracker.settings(baseURL: server.baseURL, secrets: secrets))
        let outcome = await Tracker.run(worker, "items.get", ["project": "acme", "id": 7], secrets: secrets)
        let output = try #require(outcome.output, "\(outcome)")
        #expect(output["result"] == ["GetItemResponse": ["GetItemResult": ["Id": "7"]]])
        #expect(output["request_id"] == "aws-req-1")
    }

    @Test func anXXEAnswerFailsTheActionWithVendorError() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(
                headers: [("Content-Type", "application/xml")],
                body: #"<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]><r>&x;</r>"#
            )
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let worker = Tracker.worker(Tracker.settings(baseURL: server.baseURL, secrets: secrets))
        let outcome = await Tracker.run(worker, "items.get", ["project": "acme", "id": 7], secrets: secrets)
        guard case .failed(let error) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(error.code == .vendorError && error.message.contains("DTD"))
    }
}
