/// Legacy tenant topic lists (policy-semantics §2.3) and the surprise that any rule disables them.
let legacyRulesCorpus = #"""
    - suite: legacy tenant lists
      base: |
        default_tenant: acme
        tenants:
          acme:
            allow_topics: ["job.acme.*"]
            deny_topics: ["job.acme.danger", "job.other.*"]
          beta:
            allow_topics: ["job.beta.*"]
            mcp: {allow_servers: [fs]}
      cases:
        - name: deny_topics produce deny rules with legacy ids and reasons
          request: {topic: job.acme.danger, tenant: acme}
          want:
            decision: DENY
            rule_id: "legacy:acme:deny:1"
            reason: 'topic "job.acme.danger" denied by tenant policy'
        - name: the index counts within the tenant's list
          request: {topic: job.other.x, tenant: acme}
          want: {decision: DENY, rule_id: "legacy:acme:deny:2"}
        - name: deny_topics beat allow_topics
          request: {topic: job.acme.danger}
          want: {decision: DENY, rule_id: "legacy:acme:deny:1"}
        - name: allow_topics produce allow rules
          request: {topic: job.acme.read, tenant: acme}
          want: {decision: ALLOW, rule_id: "legacy:acme:allow:1", reason: ""}
        - name: allow_topics are not an allowlist
          request: {topic: job.unlisted.x, tenant: acme}
          want: {decision: ALLOW, rule_id: ""}
        - name: the legacy tenant condition is case-insensitive
          request: {topic: job.acme.danger, tenant: ACME}
          want: {decision: DENY, rule_id: "legacy:acme:deny:1"}
        - name: a tenant without lists gets no legacy rule
          request: {topic: job.acme.danger, tenant: gamma}
          want: {decision: ALLOW, rule_id: ""}
        - name: legacy rules carry the tenant MCP block as their match
          request: {topic: job.beta.x, tenant: beta, labels: {mcp.server: fs}}
          want: {decision: ALLOW, rule_id: "legacy:beta:allow:1"}
        - name: a failing MCP block skips the legacy rule, then the tenant check denies
          request: {topic: job.beta.x, tenant: beta, labels: {mcp.server: other}}
          want: {decision: DENY, rule_id: "", reason: 'mcp server "other" not allowed'}

    - suite: rules disable legacy lists
      base: |
        tenants:
          acme:
            deny_topics: ["job.acme.danger"]
      fragments:
        github/safety: |
          rules:
            - id: github-read
              match: {topics: ["job.github.*"], risk_tags: [read]}
              decision: allow
      cases:
        - name: one rule anywhere silences tenant deny_topics
          request: {topic: job.acme.danger, tenant: acme}
          want: {decision: ALLOW, rule_id: ""}

    - suite: legacy ids count per merged list
      base: |
        tenants:
          acme:
            deny_topics: ["job.a.*"]
      fragments:
        pack/x: |
          tenants:
            acme:
              deny_topics: ["job.b.*"]
      cases:
        - name: a fragment's list entries follow the base's
          request: {topic: job.b.y, tenant: acme}
          want: {decision: DENY, rule_id: "legacy:acme:deny:2", reason: 'topic "job.b.*" denied by tenant policy'}
    """#
