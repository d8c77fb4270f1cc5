/// The labels quirk (policy-semantics §1.3): exact values, absent keys read as "", unlabelled requests never match.
let labelsCorpus = """
    - suite: labels
      base: |
        rules:
          - id: env-prod
            match: {topics: [job.l.prod], labels: {env: prod}}
            decision: deny
          - id: env-empty
            match: {topics: [job.l.empty], labels: {env: ""}}
            decision: deny
      cases:
        - name: equal value matches
          request: {topic: job.l.prod, labels: {env: prod, other: x}}
          want: {decision: DENY, rule_id: env-prod}
        - name: values are case-sensitive
          request: {topic: job.l.prod, labels: {env: PROD}}
          want: {decision: ALLOW}
        - name: values are not trimmed
          request: {topic: job.l.prod, labels: {env: " prod"}}
          want: {decision: ALLOW}
        - name: meta.labels are not policy labels
          request: {topic: job.l.prod, meta: {labels: {env: prod}}}
          want: {decision: ALLOW}
        - name: an empty rule value matches a labelled request lacking the key
          request: {topic: job.l.empty, labels: {other: x}}
          want: {decision: DENY, rule_id: env-empty}
        - name: an empty rule value never matches an unlabelled request
          request: {topic: job.l.empty}
          want: {decision: ALLOW}
        - name: an empty rule value does not match another value
          request: {topic: job.l.empty, labels: {env: dev}}
          want: {decision: ALLOW}
    """
