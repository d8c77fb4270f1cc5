/// MCP lists (policy-semantics §1.6, §2.2): label aliases, rule `match.mcp`, tenant lists after rule selection.
let mcpCorpus = #"""
    - suite: rule match.mcp
      base: |
        rules:
          - id: mcp-rule
            match: {topics: ["job.mcp.*"], mcp: {allow_servers: [fs], deny_actions: [write]}}
            decision: deny
            reason: mcp rule
      cases:
        - name: a request without MCP labels passes any MCP block
          request: {topic: job.mcp.x}
          want: {decision: DENY, rule_id: mcp-rule}
        - name: an allowed server passes
          request: {topic: job.mcp.x, labels: {mcp.server: " FS "}}
          want: {decision: DENY, rule_id: mcp-rule}
        - name: mcp_server alias, server not allowed
          request: {topic: job.mcp.x, labels: {mcp_server: other}}
          want: {decision: ALLOW, rule_id: ""}
        - name: mcpServer alias and a lower-cased action hit the deny list
          request: {topic: job.mcp.x, labels: {mcpServer: fs, mcp.action: WRITE}}
          want: {decision: ALLOW, rule_id: ""}
        - name: the first non-blank alias wins
          request: {topic: job.mcp.x, labels: {mcp.server: " ", mcp_server: fs, mcpServer: other}}
          want: {decision: DENY, rule_id: mcp-rule}
        - name: a tool only, with an allow list on servers, fails the block
          request: {topic: job.mcp.x, labels: {mcp_tool: read}}
          want: {decision: ALLOW, rule_id: ""}

    - suite: tenant mcp
      base: |
        tenants:
          acme:
            mcp: {allow_servers: [github], deny_tools: [delete_repo]}
        rules:
          - id: approve
            match: {topics: ["job.approve.*"]}
            decision: require_approval
            reason: needs approval
            constraints: {redaction_level: high}
          - id: allow-all
            decision: allow
      cases:
        - name: deny list beats an allowed server
          request: {topic: job.x.y, tenant: acme, labels: {mcp.server: github, mcp.tool: delete_repo}}
          want: {decision: DENY, rule_id: allow-all, reason: 'mcp tool "delete_repo" denied'}
        - name: an allow list fails a request that does not name the field
          request: {topic: job.x.y, tenant: acme, labels: {mcp.tool: list}}
          want: {decision: DENY, rule_id: allow-all, reason: 'mcp server "" not allowed'}
        - name: values are quoted Go-style
          request: {topic: job.x.y, tenant: acme, labels: {mcp.server: 'a"b'}}
          want: {decision: DENY, reason: 'mcp server "a\"b" not allowed'}
        - name: allowed server and tool pass
          request: {topic: job.x.y, tenant: acme, labels: {mcp.server: GitHub, mcp.tool: list}}
          want: {decision: ALLOW, rule_id: allow-all}
        - name: a request without MCP labels passes
          request: {topic: job.x.y, tenant: acme}
          want: {decision: ALLOW, rule_id: allow-all}
        - name: the tenant key is looked up case-sensitively
          request: {topic: job.x.y, tenant: ACME, labels: {mcp.server: other}}
          want: {decision: ALLOW, rule_id: allow-all}
        - name: the tenant is trimmed before the lookup
          request: {topic: job.x.y, tenant: " acme ", labels: {mcp.server: other}}
          want: {decision: DENY, reason: 'mcp server "other" not allowed'}
        - name: the rule id, constraints and approval flag survive the MCP denial
          request: {topic: job.approve.y, tenant: acme, job_id: j-1, labels: {mcp.server: other}}
          want:
            decision: DENY
            rule_id: approve
            reason: 'mcp server "other" not allowed'
            approval_required: true
            constraints_present: true
        - name: tenant lists apply with no rule matched
          request: {topic: job.x.y, tenant: acme, labels: {mcp.resource: r}}
          want: {decision: DENY, reason: 'mcp server "" not allowed'}

    - suite: tenant mcp without rules
      base: |
        tenants:
          acme:
            mcp: {deny_servers: [evil]}
      cases:
        - name: no rules, no legacy topics, MCP still checked
          request: {topic: job.x.y, tenant: acme, labels: {mcp.server: evil}}
          want: {decision: DENY, rule_id: "", reason: 'mcp server "evil" denied'}
    """#
