/// Effective-config tightening (policy-semantics §2.2, §2.5).
let effectiveConfigCorpus = #"""
    - suite: effective config
      base: |
        rules:
          - id: approve
            match: {topics: ["job.approve.*"]}
            decision: require_approval
            reason: ask first
          - id: allow-all
            decision: allow
      cases:
        - name: denied_topics overrides an allow and keeps the rule id
          request: {topic: job.x.y, effective_config: {safety: {denied_topics: ["job.x.*"]}}}
          want: {decision: DENY, rule_id: allow-all, reason: "topic 'job.x.y' denied by effective config"}
        - name: the data.safety shape is read too
          request:
            topic: job.x.y
            effective_config: {version: 3, hash: h, data: {safety: {allowed_topics: ["job.z.*"]}}}
          want: {decision: DENY, reason: "topic 'job.x.y' not allowed by effective config"}
        - name: a topic in allowed_topics passes
          request: {topic: job.z.y, effective_config: {safety: {allowed_topics: ["job.z.*"]}}}
          want: {decision: ALLOW, rule_id: allow-all}
        - name: a later failing check overwrites the reason
          request: {topic: job.x.y, effective_config: {safety: {denied_topics: ["job.x.*"], allowed_topics: [job.z]}}}
          want: {decision: DENY, reason: "topic 'job.x.y' not allowed by effective config"}
        - name: the MCP check runs last
          request:
            topic: job.x.y
            labels: {mcp.server: evil}
            effective_config: {safety: {denied_topics: ["job.x.*"], mcp: {deny_servers: [Evil]}}}
          want: {decision: DENY, reason: 'mcp server "evil" denied'}
        - name: a require_approval rule keeps its approval flag under a denial
          request: {topic: job.approve.y, job_id: j-9, effective_config: {safety: {denied_topics: ["job.approve.*"]}}}
          want: {decision: DENY, rule_id: approve, approval_required: true}
        - name: a section of the wrong shape is skipped
          request: {topic: job.x.y, effective_config: {safety: "deny everything"}}
          want: {decision: ALLOW, rule_id: allow-all}
        - name: a list of the wrong shape is skipped
          request: {topic: job.x.y, effective_config: {safety: {denied_topics: "job.x.*"}}}
          want: {decision: ALLOW}
        - name: no safety section
          request: {topic: job.x.y, effective_config: {other: {denied_topics: ["job.x.*"]}}}
          want: {decision: ALLOW}
        - name: a config that is not an object
          request: {topic: job.x.y, effective_config: "safety"}
          want: {decision: ALLOW}
        - name: effective config patterns are globs, trimmed
          request: {topic: job.x.y, effective_config: {safety: {denied_topics: [" job.?.y "]}}}
          want: {decision: DENY}

    - suite: effective config without a policy
      cases:
        - name: effective config applies when no policy is loaded
          request: {topic: job.x.y, effective_config: {safety: {denied_topics: ["job.*"]}}}
          want: {decision: DENY, reason: "topic 'job.x.y' denied by effective config", snapshot: ""}

    - suite: effective config over legacy rules
      base: |
        tenants:
          default:
            allow_topics: ["job.*"]
      cases:
        - name: denied_topics overrides a legacy allow
          request: {topic: job.x.y, effective_config: {safety: {denied_topics: ["job.x.*"]}}}
          want:
            decision: DENY
            rule_id: "legacy:default:allow:1"
            reason: "topic 'job.x.y' denied by effective config"
    """#
