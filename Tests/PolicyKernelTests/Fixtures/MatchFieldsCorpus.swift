/// One suite per `match` field (policy-semantics §1.3): list conditions compare trimmed and case-insensitively, an
/// empty request value never matches, `risk_tags` intersect, `requires` is all-of.
let matchFieldsCorpus = """
    - suite: tenants
      base: |
        rules:
          - id: by-tenant
            match: {tenants: [" Acme "], topics: ["job.t.*"]}
            decision: deny
            reason: tenant rule
      cases:
        - name: request tenant equals case-insensitively after trimming
          request: {topic: job.t.x, tenant: "ACME  "}
          want: {decision: DENY, rule_id: by-tenant, reason: tenant rule}
        - name: meta.tenant_id is used when tenant is blank
          request: {topic: job.t.x, tenant: "  ", meta: {tenant_id: acme}}
          want: {decision: DENY, rule_id: by-tenant}
        - name: tenant wins over meta.tenant_id
          request: {topic: job.t.x, tenant: other, meta: {tenant_id: acme}}
          want: {decision: ALLOW, rule_id: ""}
        - name: no tenant resolves to default
          request: {topic: job.t.x}
          want: {decision: ALLOW, rule_id: ""}

    - suite: default tenant
      base: |
        default_tenant: " acme "
        rules:
          - id: acme-only
            match: {tenants: [acme]}
            decision: deny
          - id: default-only
            match: {tenants: [default]}
            decision: throttle
      cases:
        - name: policy default_tenant applies when the request names none
          request: {topic: job.x.y}
          want: {decision: DENY, rule_id: acme-only}
        - name: an explicit tenant bypasses default_tenant
          request: {topic: job.x.y, tenant: default}
          want: {decision: THROTTLE, rule_id: default-only}

    - suite: literal default tenant
      base: |
        rules:
          - id: default-only
            match: {tenants: [DEFAULT]}
            decision: deny
      cases:
        - name: without default_tenant the tenant is the literal default
          request: {topic: job.x.y}
          want: {decision: DENY, rule_id: default-only}

    - suite: capabilities
      base: |
        rules:
          - id: by-capability
            match: {topics: ["job.c.*"], capabilities: [github.pr.write]}
            decision: deny
          - id: literal-star
            match: {topics: ["job.cl.*"], capabilities: ["github.*"]}
            decision: deny
          - id: empty-entry
            match: {topics: ["job.e.*"], capabilities: [""]}
            decision: deny
      cases:
        - name: capability equals case-insensitively after trimming
          request: {topic: job.c.x, capability: " GitHub.PR.Write "}
          want: {decision: DENY, rule_id: by-capability}
        - name: a different capability does not match
          request: {topic: job.c.x, capability: github.pr.read}
          want: {decision: ALLOW, rule_id: ""}
        - name: a missing capability never matches a capability list
          request: {topic: job.c.x}
          want: {decision: ALLOW, rule_id: ""}
        - name: capabilities have no wildcards
          request: {topic: job.cl.x, capability: github.read}
          want: {decision: ALLOW, rule_id: ""}
        - name: a star in a capability is literal
          request: {topic: job.cl.x, capability: "github.*"}
          want: {decision: DENY, rule_id: literal-star}
        - name: an empty list entry does not match an empty capability
          request: {topic: job.e.x, meta: {capability: ""}}
          want: {decision: ALLOW, rule_id: ""}
        - name: an empty list entry does not match any capability
          request: {topic: job.e.x, capability: x}
          want: {decision: ALLOW, rule_id: ""}

    - suite: risk tags
      base: |
        rules:
          - id: by-risk
            match: {topics: ["job.r.*"], risk_tags: [write, delete]}
            decision: require_approval
            reason: risky
      cases:
        - name: one shared tag is enough
          request: {topic: job.r.x, riskTags: [read, WRITE]}
          want: {decision: REQUIRE_APPROVAL, rule_id: by-risk, reason: risky, approval_required: true}
        - name: tags are trimmed
          request: {topic: job.r.x, meta: {risk_tags: [" delete "]}}
          want: {decision: REQUIRE_APPROVAL, rule_id: by-risk}
        - name: no shared tag
          request: {topic: job.r.x, riskTags: [read]}
          want: {decision: ALLOW, rule_id: "", approval_required: false}
        - name: a request without tags never matches
          request: {topic: job.r.x}
          want: {decision: ALLOW, rule_id: ""}

    - suite: requires
      base: |
        rules:
          - id: by-requires
            match: {topics: ["job.q.*"], requires: [repo, token]}
            decision: deny
      cases:
        - name: every listed item present, extra items allowed
          request: {topic: job.q.x, requires: [Token, extra, " repo"]}
          want: {decision: DENY, rule_id: by-requires}
        - name: one listed item missing
          request: {topic: job.q.x, requires: [repo]}
          want: {decision: ALLOW, rule_id: ""}
        - name: no requires at all
          request: {topic: job.q.x}
          want: {decision: ALLOW, rule_id: ""}

    - suite: pack ids
      base: |
        rules:
          - id: by-pack
            match: {topics: ["job.p.*"], pack_ids: [github]}
            decision: deny
      cases:
        - name: pack id equals case-insensitively
          request: {topic: job.p.x, packId: GitHub}
          want: {decision: DENY, rule_id: by-pack}
        - name: another pack
          request: {topic: job.p.x, meta: {pack_id: gitlab}}
          want: {decision: ALLOW}
        - name: no pack
          request: {topic: job.p.x}
          want: {decision: ALLOW}

    - suite: actor ids
      base: |
        rules:
          - id: by-actor
            match: {topics: ["job.a.*"], actor_ids: [alice]}
            decision: deny
      cases:
        - name: meta.actor_id matches
          request: {topic: job.a.x, meta: {actor_id: Alice}}
          want: {decision: DENY, rule_id: by-actor}
        - name: principal_id stands in for a missing actor id
          request: {topic: job.a.x, principal_id: alice}
          want: {decision: DENY, rule_id: by-actor}
        - name: principal_id stands in for a blank actor id
          request: {topic: job.a.x, principal_id: alice, meta: {actor_id: "  "}}
          want: {decision: DENY, rule_id: by-actor}
        - name: actor id wins over principal_id
          request: {topic: job.a.x, principal_id: alice, actorId: bob}
          want: {decision: ALLOW}

    - suite: actor types
      base: |
        rules:
          - id: humans
            match: {topics: ["job.at.*"], actor_types: [Human]}
            decision: deny
          - id: blank-type
            match: {topics: ["job.bt.*"], actor_types: [""]}
            decision: deny
      cases:
        - name: human matches
          request: {topic: job.at.x, actorType: human}
          want: {decision: DENY, rule_id: humans}
        - name: actor type parsing ignores case
          request: {topic: job.at.x, meta: {actor_type: HUMAN}}
          want: {decision: DENY, rule_id: humans}
        - name: service does not match
          request: {topic: job.at.x, actorType: service}
          want: {decision: ALLOW}
        - name: unknown actor types are unspecified and never match
          request: {topic: job.at.x, actorType: robot}
          want: {decision: ALLOW}
        - name: an unspecified actor type is empty and matches nothing
          request: {topic: job.bt.x}
          want: {decision: ALLOW}

    - suite: secrets_present
      base: |
        rules:
          - id: secrets
            match: {topics: ["job.s.*"], secrets_present: true}
            decision: deny
          - id: no-secrets
            match: {topics: ["job.n.*"], secrets_present: false}
            decision: deny
      cases:
        - name: label true sets the flag
          request: {topic: job.s.x, labels: {secrets_present: " true "}}
          want: {decision: DENY, rule_id: secrets}
        - name: label 1 sets the flag
          request: {topic: job.s.x, labels: {secrets_present: "1"}}
          want: {decision: DENY, rule_id: secrets}
        - name: label YES sets the flag (yes is case-insensitive)
          request: {topic: job.s.x, labels: {secrets_present: "YES"}}
          want: {decision: DENY, rule_id: secrets}
        - name: label TRUE does not (true is case-sensitive)
          request: {topic: job.s.x, labels: {secrets_present: "TRUE"}}
          want: {decision: ALLOW}
        - name: a secrets risk tag sets the flag
          request: {topic: job.s.x, riskTags: [read, " Secrets "]}
          want: {decision: DENY, rule_id: secrets}
        - name: the label decides even when false
          request: {topic: job.s.x, riskTags: [secrets], labels: {secrets_present: "no"}}
          want: {decision: ALLOW}
        - name: a blank label falls back to the tags
          request: {topic: job.s.x, riskTags: [secrets], labels: {secrets_present: "  "}}
          want: {decision: DENY, rule_id: secrets}
        - name: false matches a request without secrets
          request: {topic: job.n.x}
          want: {decision: DENY, rule_id: no-secrets}
        - name: false does not match a request with a secrets tag
          request: {topic: job.n.x, riskTags: [secrets]}
          want: {decision: ALLOW}

    - suite: all conditions together
      base: |
        rules:
          - id: all
            match:
              tenants: [acme]
              topics: ["job.all.*"]
              capabilities: [cap]
              risk_tags: [write]
              requires: [repo]
              labels: {env: prod}
            decision: deny
            reason: everything holds
      cases:
        - name: every condition holds
          request:
            topic: job.all.run
            tenant: acme
            labels: {env: prod}
            meta: {capability: cap, risk_tags: [write], requires: [repo, more]}
          want: {decision: DENY, rule_id: all, reason: everything holds}
        - name: one condition fails
          request:
            topic: job.all.run
            tenant: acme
            labels: {env: dev}
            meta: {capability: cap, risk_tags: [write], requires: [repo]}
          want: {decision: ALLOW, rule_id: ""}

    - suite: unicode case folding
      base: |
        rules:
          - id: kelvin
            match: {topics: ["job.u.*"], capabilities: [kelvin.read]}
            decision: deny
          - id: sigma
            match: {topics: ["job.s.*"], risk_tags: ["ΣΟΦΙΑ"]}
            decision: deny
          - id: dotless
            match: {topics: ["job.i.*"], pack_ids: [ıd]}
            decision: deny
      cases:
        - name: the Kelvin sign folds with k
          request: {topic: job.u.x, capability: "\u{212A}ELVIN.read"}
          want: {decision: DENY, rule_id: kelvin}
        - name: final sigma folds with sigma, and Unicode spaces are trimmed
          request: {topic: job.s.x, riskTags: ["\u{3000}σοφιας\u{A0}", "σοφια"]}
          want: {decision: DENY, rule_id: sigma}
        - name: dotless i does not fold with i
          request: {topic: job.i.x, packId: id}
          want: {decision: ALLOW, rule_id: ""}
        - name: dotless i folds only with itself
          request: {topic: job.i.x, packId: "ıD"}
          want: {decision: DENY, rule_id: dotless}
    """
