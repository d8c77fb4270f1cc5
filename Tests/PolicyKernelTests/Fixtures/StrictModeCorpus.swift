/// Strict mode (our addition): the topic's declared risk tags and requirements join the request's.
let strictModeCorpus = #"""
    - suite: upstream behaviour without strict mode
      fragments:
        github/safety: |
          rules:
            - id: github-read
              match: {topics: ["job.github.*"], risk_tags: [read]}
              decision: allow
            - id: github-write
              match: {topics: ["job.github.*"], risk_tags: [write]}
              decision: require_approval
              reason: writes need approval
      cases:
        - name: a write job without its write tag escapes the rule
          request: {topic: job.github.write}
          want: {decision: ALLOW, rule_id: ""}

    - suite: strict mode
      fragments:
        github/safety: |
          rules:
            - id: github-read
              match: {topics: ["job.github.*"], risk_tags: [read]}
              decision: allow
            - id: github-write
              match: {topics: ["job.github.*"], risk_tags: [write]}
              decision: require_approval
              reason: writes need approval
            - id: needs-token
              match: {topics: [job.deploy.run], requires: [token, change-ticket]}
              decision: deny
              reason: deploys are closed
            - id: vault
              match: {topics: ["job.vault.*"], secrets_present: true}
              decision: require_approval
              reason: secrets
      strict:
        job.github.write: {risk_tags: [write]}
        job.deploy.run: {requires: [Token]}
        job.vault.read: {risk_tags: [secrets]}
      cases:
        - name: the declared write tag cannot be dropped
          request: {topic: job.github.write, job_id: j-1}
          want: {decision: REQUIRE_APPROVAL, rule_id: github-write, approval_required: true}
        - name: declared tags are matched after trimming the topic
          request: {topic: " job.github.write "}
          want: {decision: REQUIRE_APPROVAL, rule_id: github-write}
        - name: rule order still decides when the request adds its own tags
          request: {topic: job.github.write, riskTags: [read]}
          want: {decision: ALLOW, rule_id: github-read}
        - name: topics are declared exactly (case-sensitive)
          request: {topic: job.github.WRITE}
          want: {decision: ALLOW, rule_id: ""}
        - name: undeclared topics behave as upstream
          request: {topic: job.github.comment}
          want: {decision: ALLOW, rule_id: ""}
        - name: declared requirements join the request's
          request: {topic: job.deploy.run, requires: [change-ticket]}
          want: {decision: DENY, rule_id: needs-token}
        - name: declared requirements alone are not all
          request: {topic: job.deploy.run}
          want: {decision: ALLOW, rule_id: ""}
        - name: secrets_present sees the declared secrets tag
          request: {topic: job.vault.read}
          want: {decision: REQUIRE_APPROVAL, rule_id: vault}
        - name: a secrets_present label cannot switch off a declared secrets tag
          request: {topic: job.vault.read, labels: {secrets_present: "false"}}
          want: {decision: REQUIRE_APPROVAL, rule_id: vault}
        - name: for an undeclared topic the secrets_present label still decides
          request: {topic: job.vault.other, riskTags: [secrets], labels: {secrets_present: "false"}}
          want: {decision: ALLOW, rule_id: ""}
    """#
