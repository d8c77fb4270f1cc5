/// Constraints and remediations (policy-semantics §1.4, §1.5, §2.4).
let constraintsCorpus = #"""
    - suite: constraints
      base: |
        rules:
          - id: limited
            match: {topics: [job.c.limited]}
            decision: allow
            reason: hidden
            constraints: {budgets: {max_runtime_ms: 60000}}
          - id: zero
            match: {topics: [job.c.zero]}
            decision: allow
            constraints:
              budgets: {max_runtime_ms: 0, max_retries: 0}
              sandbox: {isolated: false, network_allowlist: []}
              redaction_level: "  "
          - id: deny-with
            match: {topics: [job.c.deny]}
            decision: deny
            reason: no
            constraints: {redaction_level: strict}
          - id: awc
            match: {topics: [job.c.awc]}
            decision: allow-with-constraints
            constraints: {sandbox: {network_allowlist: [api.github.com]}}
      cases:
        - name: allow with non-empty constraints becomes ALLOW_WITH_CONSTRAINTS with every sub-object
          request: {topic: job.c.limited}
          want:
            decision: ALLOW_WITH_CONSTRAINTS
            rule_id: limited
            reason: ""
            constraints:
              budgets: {max_runtime_ms: 60000, max_retries: 0, max_artifact_bytes: 0, max_concurrent_jobs: 0}
              sandbox: {isolated: false, network_allowlist: [], fs_read_only: [], fs_read_write: []}
              toolchain: {allowed_tools: [], allowed_commands: []}
              diff: {max_files: 0, max_lines: 0, deny_path_globs: []}
              redaction_level: ""
        - name: all-zero constraints count as none
          request: {topic: job.c.zero}
          want: {decision: ALLOW, rule_id: zero, constraints: null}
        - name: a deny rule's constraints are returned
          request: {topic: job.c.deny}
          want: {decision: DENY, reason: "no", constraints_present: true}
        - name: allow_with_constraints with constraints
          request: {topic: job.c.awc}
          want: {decision: ALLOW_WITH_CONSTRAINTS, constraints_present: true}

    - suite: remediations
      base: |
        rules:
          - id: deny-push
            match: {topics: [job.git.push]}
            decision: deny
            reason: use a pull request
            remediations:
              - id: use-pr
                title: Open a pull request
                summary: Push to a branch instead
                replacement_topic: job.git.pr
                replacement_capability: git.pr
                add_labels: {via: remediation}
                remove_labels: [force]
              - id: second
          - id: allow-read
            match: {topics: [job.git.read]}
            remediations: [{id: hint}]
      cases:
        - name: a deny rule's remediations come back verbatim and in order
          request: {topic: job.git.push}
          want:
            decision: DENY
            remediations:
              - id: use-pr
                title: Open a pull request
                summary: Push to a branch instead
                replacement_topic: job.git.pr
                replacement_capability: git.pr
                add_labels: {via: remediation}
                remove_labels: [force]
              - id: second
                title: ""
                summary: ""
                replacement_topic: ""
                replacement_capability: ""
                add_labels: {}
                remove_labels: []
        - name: remediations come back for an allow too
          request: {topic: job.git.read}
          want: {decision: ALLOW, remediation_ids: [hint]}
    """#
