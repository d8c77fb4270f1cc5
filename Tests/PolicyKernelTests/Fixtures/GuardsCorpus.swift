/// Topic guards (policy-semantics §2.1 step 4): before any rule, without rule id or snapshot.
let guardsCorpus = #"""
    - suite: guards
      base: |
        tenants:
          default:
            deny_topics: ["sys.*"]
        rules:
          - id: catch-all
            decision: allow
      cases:
        - name: a missing topic is denied
          request: {}
          want: {decision: DENY, reason: missing topic, rule_id: "", snapshot: "", constraints: null}
        - name: a blank topic is denied as missing
          request: {topic: "  "}
          want: {decision: DENY, reason: missing topic, snapshot: ""}
        - name: a topic outside job. is unsupported
          request: {topic: sys.reboot}
          want: {decision: DENY, reason: unsupported topic, rule_id: "", snapshot: ""}
        - name: the job. prefix is case-sensitive
          request: {topic: Job.x}
          want: {decision: DENY, reason: unsupported topic}
        - name: jobs. is not job.
          request: {topic: jobs.x}
          want: {decision: DENY, reason: unsupported topic}
        - name: the topic is trimmed before the guard
          request: {topic: "  job.x  "}
          want: {decision: ALLOW, rule_id: catch-all}
        - name: job. alone passes the guard
          request: {topic: job.}
          want: {decision: ALLOW, rule_id: catch-all}

    - suite: no policy
      base: ""
      cases:
        - name: an empty base file allows everything with the empty-file snapshot
          request: {topic: job.anything}
          want:
            decision: ALLOW
            rule_id: ""
            snapshot: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        - name: guards still apply without a policy
          request: {topic: nope}
          want: {decision: DENY, reason: unsupported topic}
    """#
