import PackFormat

/// The files of a new pack that follows the Standard Pack Pattern and passes `packctl lint` and `packctl test`
/// unchanged: a read topic and a write topic, their schemas, a policy fragment with the baseline, simulations for
/// every coverage cell, pools and timeouts overlays, a read workflow and a write workflow behind an approval gate
/// with an idempotency key, and a README.
public struct Scaffold: Sendable {
    /// The pack id.
    public var id: String

    /// Why a scaffold cannot be made.
    public struct InvalidID: Error, CustomStringConvertible {
        /// The id given.
        public var id: String
        public var description: String {
            "pack id \"\(id)\" must match ^[a-z0-9-]+$ (lowercase letters, digits and hyphens) and not be secops"
        }
    }

    /// Creates a scaffold for `id`.
    /// - Throws: ``InvalidID`` when the id breaks Cordum's pattern or is reserved.
    public init(id: String) throws(InvalidID) {
        guard InstallerRules.isValidPackID(id), id != "secops", id.first != "-", id.last != "-" else {
            throw InvalidID(id: id)
        }
        self.id = id
    }

    /// The files, by path relative to the pack folder (`pack/...` holds the bundle, `README.md` sits beside it).
    public var files: [String: String] {
        [
            "README.md": readme,
            "pack/pack.yaml": manifest,
            "pack/overlays/policy.fragment.yaml": fragment,
            "pack/overlays/pools.patch.yaml": pools,
            "pack/overlays/timeouts.patch.yaml": timeouts,
            "pack/schemas/ItemGetInput.json": schema(
                "ItemGetInput",
                required: ["item_id"],
                properties: #""item_id": { "type": "string", "minLength": 1, "maxLength": 200 }"#
            ),
            "pack/schemas/Item.json": schema(
                "Item",
                required: ["item_id", "title"],
                properties: """
                    "item_id": { "type": "string" },
                        "title": { "type": "string" },
                        "status": { "type": "string" }
                    """
            ),
            "pack/schemas/ItemUpdateInput.json": schema(
                "ItemUpdateInput",
                required: ["item_id", "title"],
                properties: """
                    "item_id": { "type": "string", "minLength": 1, "maxLength": 200 },
                        "title": { "type": "string", "minLength": 1, "maxLength": 500 },
                        "dry_run": { "type": "boolean", "default": false }
                    """
            ),
            "pack/schemas/ItemUpdateResult.json": schema(
                "ItemUpdateResult",
                required: ["item_id", "changed"],
                properties: """
                    "item_id": { "type": "string" },
                        "changed": { "type": "boolean", "description": "false when the idempotency key had already applied the change" },
                        "request_id": { "type": "string" }
                    """
            ),
            "pack/workflows/item-get.yaml": readWorkflow,
            "pack/workflows/item-update.yaml": writeWorkflow,
        ]
    }

    private var manifest: String {
        """
        apiVersion: cordum.io/v1alpha1
        kind: Pack
        metadata:
          id: \(id)
          version: "0.1.0"
          title: \(id)
          description: Reads and updates \(id) items, with a human approval before every update.
          license: Apache-2.0
        compatibility:
          protocolVersion: 1
          minCoreVersion: "0.1.0"
        topics:
          - name: job.\(id).items.get
            capability: \(id).items.get
            riskTags: [read, network]
            requires: [network:egress]
          - name: job.\(id).items.update
            capability: \(id).items.update
            riskTags: [write, network]
            requires: [network:egress]
        resources:
          schemas:
            - id: \(id)/ItemGetInput
              path: schemas/ItemGetInput.json
            - id: \(id)/Item
              path: schemas/Item.json
            - id: \(id)/ItemUpdateInput
              path: schemas/ItemUpdateInput.json
            - id: \(id)/ItemUpdateResult
              path: schemas/ItemUpdateResult.json
          workflows:
            - id: \(id).item.get
              path: workflows/item-get.yaml
            - id: \(id).item.update
              path: workflows/item-update.yaml
        overlays:
          config:
            - name: pools
              scope: system
              key: pools
              strategy: json_merge_patch
              path: overlays/pools.patch.yaml
            - name: timeouts
              scope: system
              key: timeouts
              strategy: json_merge_patch
              path: overlays/timeouts.patch.yaml
          policy:
            - name: safety
              strategy: bundle_fragment
              path: overlays/policy.fragment.yaml
        tests:
          policySimulations:
            - name: get_is_allowed
              request:
                tenantId: default
                topic: job.\(id).items.get
                capability: \(id).items.get
                riskTags: [read, network]
                requires: [network:egress]
              expectDecision: ALLOW
            - name: update_is_constrained_behind_the_workflow_approval
              request:
                tenantId: default
                topic: job.\(id).items.update
                capability: \(id).items.update
                riskTags: [write, network]
                requires: [network:egress]
              expectDecision: ALLOW_WITH_CONSTRAINTS
            - name: update_without_its_tags_is_still_constrained
              request:
                tenantId: default
                topic: job.\(id).items.update
              expectDecision: ALLOW_WITH_CONSTRAINTS
            - name: undeclared_topic_is_denied
              request:
                tenantId: default
                topic: job.\(id).items.delete
                riskTags: [write, destructive]
              expectDecision: DENY

        """
    }

    private var fragment: String {
        """
        # Rules match topics, never only risk tags, and stay inside job.\(id).*.
        version: "1"
        rules:
          - id: \(id)-items-get
            match:
              topics: [job.\(id).items.get]
            decision: allow

          # Updates write. The \(id).item.update workflow asks a human in its approval step, so the policy does
          # not ask again; it bounds the job instead. If jobs may reach this topic outside that workflow, use
          # decision: require_approval here and drop the workflow's approval step.
          - id: \(id)-items-update
            match:
              topics: [job.\(id).items.update]
            decision: allow
            reason: the workflow's approval step gates updates
            constraints:
              budgets:
                max_runtime_ms: 120000
                max_retries: 1
              redaction_level: standard

          - id: \(id)-undeclared
            match:
              topics: ["job.\(id).*"]
            decision: deny
            reason: topic is not declared by the \(id) pack

        """
    }

    private var pools: String {
        """
        topics:
          job.\(id).items.get: \(id)
          job.\(id).items.update: \(id)
        pools:
          \(id):
            requires: [network:egress]

        """
    }

    private var timeouts: String {
        """
        topics:
          job.\(id).items.get:
            timeout_seconds: 60
            max_retries: 2
          job.\(id).items.update:
            timeout_seconds: 120
            max_retries: 1
        workflows:
          \(id).item.get:
            total_timeout_seconds: 120
          \(id).item.update:
            total_timeout_seconds: 86400

        """
    }

    private func schema(_ name: String, required: [String], properties: String) -> String {
        """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "$id": "\(id)/\(name)",
          "title": "\(name)",
          "type": "object",
          "required": [\(required.map { "\"\($0)\"" }.joined(separator: ", "))],
          "properties": {
            \(properties)
          },
          "additionalProperties": false
        }

        """
    }

    /// The read step both workflows start with (indented as a member of `steps:`).
    private var getStep: String {
        """
          get:
            type: worker
            topic: job.\(id).items.get
            input_schema_id: \(id)/ItemGetInput
            output_schema_id: \(id)/Item
            input:
              item_id: ${input.item_id}
            meta:
              pack_id: \(id)
              capability: \(id).items.get
              risk_tags: [read, network]
              requires: [network:egress]
        """
    }

    private var readWorkflow: String {
        """
        id: \(id).item.get
        name: Get an item
        description: Reads one item. Read-only, so it needs no approval.
        version: "0.1.0"
        timeout_sec: 120
        input_schema:
          type: object
          required: [item_id]
          properties:
            item_id: { type: string, minLength: 1 }
        steps:
        \(getStep)

        """
    }

    private var writeWorkflow: String {
        """
        id: \(id).item.update
        name: Update an item after approval
        description: Reads the item, asks a human to approve the new title, then updates it once.
        version: "0.1.0"
        timeout_sec: 86400
        input_schema:
          type: object
          required: [item_id, title]
          properties:
            item_id: { type: string, minLength: 1 }
            title: { type: string, minLength: 1 }
        steps:
        \(getStep)
          approve:
            type: approval
            depends_on: [get]
            input:
              message: "Rename ${steps.get.output.title} to ${input.title}?"
          update:
            type: worker
            topic: job.\(id).items.update
            depends_on: [approve]
            input_schema_id: \(id)/ItemUpdateInput
            output_schema_id: \(id)/ItemUpdateResult
            input:
              item_id: ${input.item_id}
              title: ${input.title}
            meta:
              pack_id: \(id)
              capability: \(id).items.update
              risk_tags: [write, network]
              requires: [network:egress]
              idempotency_key: \(id):item:${input.item_id}:title:${input.title}

        """
    }

    private var readme: String {
        """
        # \(id)

        What this pack does, in two sentences: which vendor API it calls and which jobs it serves.

        ## Topics

        | Topic | Capability | Risk tags | Requires | Decision |
        |---|---|---|---|---|
        | `job.\(id).items.get` | `\(id).items.get` | `read`, `network` | `network:egress` | ALLOW |
        | `job.\(id).items.update` | `\(id).items.update` | `write`, `network` | `network:egress` | ALLOW_WITH_CONSTRAINTS behind the workflow's approval step |
        | any other `job.\(id).*` | — | — | — | DENY |

        ## Workflows

        - `\(id).item.get` — input `item_id`: reads one item.
        - `\(id).item.update` — inputs `item_id`, `title`: reads the item, waits for approval, updates it once
          (idempotency key `\(id):item:<item_id>:title:<title>`).

        ## Check it

        ```sh
        packctl lint packs/\(id)
        packctl test packs/\(id)
        ```

        ## Worker configuration

        List every environment variable the worker reads (`CORDUM_\(id.uppercased().replacing("-", with: "_"))_PROFILES`, ...), the vendor
        scopes it needs (least privilege), and security notes.

        """
    }
}
