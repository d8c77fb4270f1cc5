import Testing

/// MCP label aliases, rule MCP blocks and tenant MCP lists.
@Suite struct MCPTests {
    @Test(arguments: Corpus.scenarios(mcpCorpus, file: "MCPCorpus"))
    func scenario(_ scenario: Scenario) throws {
        try scenario.check()
    }
}
