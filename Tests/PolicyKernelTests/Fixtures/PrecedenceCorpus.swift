/// Rule selection (policy-semantics §2.3, §2.4): first match wins, no match allows, decision spellings, reasons.
let precedenceCorpus = #"""
    - suite: first match wins
      base: |
        rules:
          - id: broad-allow
            match: {topics: ["job.a.*"]}
            decision: allow
            reason: never shown
          - id: specific-deny
            match: {topics: [job.a.delete]}
            decision: deny
            reason: shadowed
          - id: catch-all
            match: {}
            decision: throttle
            reason: slow down
      cases:
        - name: an earlier broad allow shadows a later deny
          request: {topic: job.a.delete}
          want: {decision: ALLOW, rule_id: broad-allow, reason: ""}
        - name: an empty match is a catch-all
          request: {topic: job.b.x}
          want: {decision: THROTTLE, rule_id: catch-all, reason: slow down, approval_required: false}

    - suite: no match allows
      base: |
        rules:
          - id: only
            match: {topics: [job.only]}
            decision: deny
      cases:
        - name: default allow with nothing attached
          request: {topic: job.other}
          want:
            {decision: ALLOW, rule_id: "", reason: "", constraints: null, remediations: [], approval_required: false}
        - name: the snapshot is reported
          request: {topic: job.other}
          want: {snapshot: "fdc0b0b44953ea9a4ec92fcd6984953d4feed524f12aa65bfcf9395cd0684e61"}

    - suite: rule without match or id
      base: |
        rules:
          - decision: deny
            reason: everything
      cases:
        - name: omitted match is a catch-all and the id is empty
          request: {topic: job.x}
          want: {decision: DENY, rule_id: "", reason: everything}

    - suite: omitted decision
      base: |
        rules:
          - id: quiet
            reason: not returned
      cases:
        - name: an omitted decision allows, dropping the reason
          request: {topic: job.x}
          want: {decision: ALLOW, rule_id: quiet, reason: ""}

    - suite: decision spellings
      base: |
        rules:
          - {id: permit, match: {topics: [job.permit]}, decision: permit}
          - {id: block, match: {topics: [job.block]}, decision: block, reason: blocked}
          - {id: ra, match: {topics: [job.ra]}, decision: require_approval, reason: ask}
          - {id: ra-dash, match: {topics: [job.ra-dash]}, decision: require-approval, reason: ask}
          - {id: human, match: {topics: [job.human]}, decision: require_human, reason: ask}
          - {id: awc, match: {topics: [job.awc]}, decision: allow_with_constraints, reason: hidden}
          - {id: awc-dash, match: {topics: [job.awc-dash]}, decision: allow-with-constraints}
          - {id: throttle, match: {topics: [job.throttle]}, decision: throttle, reason: later}
      cases:
        - {name: permit is allow, request: {topic: job.permit}, want: {decision: ALLOW, rule_id: permit}}
        - {name: block is deny, request: {topic: job.block}, want: {decision: DENY, reason: blocked}}
        - name: require_approval
          request: {topic: job.ra, job_id: j-1}
          want: {decision: REQUIRE_APPROVAL, reason: ask, approval_required: true}
        - {name: require-approval, request: {topic: job.ra-dash}, want: {decision: REQUIRE_APPROVAL}}
        - {name: require_human, request: {topic: job.human}, want: {decision: REQUIRE_APPROVAL}}
        - name: allow_with_constraints without constraints, reason dropped
          request: {topic: job.awc}
          want: {decision: ALLOW_WITH_CONSTRAINTS, reason: "", constraints: null}
        - {name: allow-with-constraints, request: {topic: job.awc-dash}, want: {decision: ALLOW_WITH_CONSTRAINTS}}
        - {name: throttle keeps its reason, request: {topic: job.throttle}, want: {decision: THROTTLE, reason: later}}
    """#
