import StructuredData
import Testing

@testable import JiraWorker

/// The Markdown subset to ADF and back, node by node and as round trips.
@Suite("ADF and Markdown")
struct ADFDocumentTests {
    func types(_ doc: JSONValue) -> [String] {
        doc["content"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
    }

    @Test("blocks: headings, paragraphs with hard breaks, lists, code, quotes and rules")
    func blocks() {
        let doc = ADFDocument.markdown(
            "## Impact\n\nline one\nline two\n\n- a\n- b\n  - nested\n\n3. third\n4. fourth\n\n```swift\nlet x = 1\n```\n\n> quoted\n\n---"
        )
        #expect(doc["type"] == "doc")
        #expect(doc["version"] == 1)
        #expect(types(doc) == ["heading", "paragraph", "bulletList", "orderedList", "codeBlock", "blockquote", "rule"])
        let blocks = doc["content"]?.arrayValue ?? []
        #expect(blocks[0]["attrs"]?["level"] == 2)
        #expect(
            blocks[1]["content"]?.arrayValue?.map { $0["type"]?.stringValue ?? "" } == ["text", "hardBreak", "text"]
        )
        let items = blocks[2]["content"]?.arrayValue ?? []
        #expect(items.count == 2)
        #expect(items[1]["content"]?.arrayValue?.map { $0["type"]?.stringValue ?? "" } == ["paragraph", "bulletList"])
        #expect(blocks[3]["attrs"]?["order"] == 3)
        #expect(blocks[4]["attrs"]?["language"] == "swift")
        #expect(blocks[4]["content"]?[0]?["text"] == "let x = 1")
    }

    @Test("inline marks: strong, em, strike, code and links; snake_case and unknown schemes stay text")
    func marks() {
        let doc = ADFDocument.markdown(
            "**bold** *em* _em2_ ~~gone~~ `a*b` [docs](https://example.com/d) snake_case_name [x](javascript:alert(1))"
        )
        let nodes = doc["content"]?[0]?["content"]?.arrayValue ?? []
        func marks(_ text: String) -> [String] {
            nodes.first { $0["text"]?.stringValue == text }?["marks"]?.arrayValue?.compactMap {
                $0["type"]?.stringValue
            } ?? []
        }
        #expect(marks("bold") == ["strong"])
        #expect(marks("em") == ["em"])
        #expect(marks("em2") == ["em"])
        #expect(marks("gone") == ["strike"])
        #expect(marks("a*b") == ["code"])
        #expect(marks("docs") == ["link"])
        let link = nodes.first { $0["text"] == "docs" }?["marks"]?[0]?["attrs"]?["href"]
        #expect(link == "https://example.com/d")
        let texts = nodes.compactMap { $0["text"]?.stringValue }.joined()
        #expect(texts.contains("snake_case_name"))
        #expect(texts.contains("[x](javascript:alert(1))"))
    }

    @Test("plain text keeps markup characters and splits paragraphs at blank lines")
    func plain() {
        let doc = ADFDocument.plainText("# not a heading\n*not em*\n\nsecond")
        #expect(types(doc) == ["paragraph", "paragraph"])
        #expect(doc["content"]?[0]?["content"]?[0]?["text"] == "# not a heading")
        #expect(doc["content"]?[0]?["content"]?[0]?["marks"] == nil)
        #expect(ADFDocument.plainText("")["content"] == [])
    }

    @Test(
        "Markdown to ADF and back gives the same text",
        arguments: [
            "plain paragraph",
            "# Title\n\nSome **bold** and *em* text with `code`.",
            "- one\n- two\n  - two.a\n- three",
            "1. first\n2. second",
            "```json\n{\"a\": 1}\n```",
            "> a quote\n> on two lines",
            "see [the runbook](https://runbooks.example.com/rb-12) now\nand ~~then~~ later",
            "---",
        ]
    )
    func roundTrip(_ markdown: String) {
        #expect(ADFDocument.text(ADFDocument.markdown(markdown)) == markdown)
    }

    @Test("ADF written by Jira renders: mentions, emoji, status, cards, tables, media, nested lists")
    func rendersJiraNodes() throws {
        let adf = try JSONParser.parse(
            """
            {"type":"doc","version":1,"content":[
              {"type":"paragraph","content":[{"type":"mention","attrs":{"id":"acct-alice","text":"@Alice"}},
                {"type":"text","text":" please look "},{"type":"emoji","attrs":{"shortName":":eyes:","text":"👀"}},
                {"type":"text","text":" "},{"type":"status","attrs":{"text":"BLOCKED","color":"red"}},
                {"type":"text","text":" "},{"type":"inlineCard","attrs":{"url":"https://x.example/1"}}]},
              {"type":"table","content":[{"type":"tableRow","content":[
                {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"host"}]}]},
                {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"disk"}]}]}]},
                {"type":"tableRow","content":[
                {"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"db-2"}]}]},
                {"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"91%"}]}]}]}]},
              {"type":"mediaSingle","content":[{"type":"media","attrs":{"id":"m1","type":"file","collection":"c"}}]},
              {"type":"panel","attrs":{"panelType":"info"},"content":[{"type":"paragraph","content":[{"type":"text","text":"note"}]}]}
            ]}
            """
        )
        #expect(
            ADFDocument.text(adf)
                == "@Alice please look 👀 [BLOCKED] https://x.example/1\n\nhost | disk\ndb-2 | 91%\n\n[attachment]\n\nnote"
        )
        #expect(ADFDocument.text(.string("not adf")) == "")
    }
}
