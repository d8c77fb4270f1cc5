import PackAssets
import PackFormat

/// The files of a new pack that follows the Standard Pack Pattern and passes `packctl lint` and `packctl test`
/// unchanged: a topics table with a read action and a write action, their input schemas, a policy fragment with
/// the baseline, a read workflow and a write workflow behind an approval gate with an idempotency key (each with
/// input examples), a README, and the files generated from the table (output schemas, the topics, schemas and
/// simulations of pack.yaml, pools and timeouts overlays, the fragment's topic lists).
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

    /// The files, by path relative to the pack folder (`pack/...` holds the bundle, `README.md` and
    /// `Tests/conformance.yaml` sit beside it):
    /// the hand-written ones, and those `packctl generate` writes from `pack/topics.yaml`.
    public var files: [String: String] {
        var files = handWritten
        let bundle = files.filter { $0.key.hasPrefix("pack/") }
        let generator = AssetGenerator(
            files: bundle.keys.map { String($0.dropFirst(5)) }.sorted(),
            read: { path in bundle["pack/" + path].map { Array($0.utf8) } }
        )
        // The scaffold's own files always generate; a failure would show as lint findings in its tests.
        if let plan = try? generator.plan() {
            for file in plan.files { files["pack/" + file.path] = file.text }
        }
        return files
    }

    private var handWritten: [String: String] {
        [
            "README.md": readme,
            "Tests/conformance.yaml": conformance,
            "pack/topics.yaml": table,
            "pack/pack.yaml": manifest,
            "pack/overlays/policy.fragment.yaml": fragment,
            "pack/schemas/ItemsGetInput.json": schema(
                "ItemsGetInput",
                required: ["item_id"],
                properties: #""item_id": { "type": "string", "minLength": 1, "maxLength": 200 }"#
            ),
            "pack/schemas/ItemsUpdateInput.json": schema(
                "ItemsUpdateInput",
                required: ["item_id", "title"],
                properties: """
                    "item_id": { "type": "string", "minLength": 1, "maxLength": 200 },
                        "title": { "type": "string", "minLength": 1, "maxLength": 500 },
                        "dry_run": { "type": "boolean", "default": false }
                    """
            ),
            "pack/workflows/item-get.yaml": readWorkflow,
            "pack/workflows/item-update.yaml": writeWorkflow,
        ]
    }

    private var table: String {
        """
        # The topics table: one entry per action, written once. `packctl generate packs/\(id)` writes from it the
        # output schemas, the topics, resources.schemas and baseline policySimulations regions of pack.yaml, the
        # pools and timeouts patches and the topic lists of the policy fragment; `packctl lint` reports them when
        # they are stale. Input schemas (schemas/*Input.json) stay hand-written: they carry the validation.
        requires: [network:egress]
        timeouts:
          read: { timeout_seconds: 60, max_retries: 2 }
          write: { timeout_seconds: 120, max_retries: 1 }
        actions:
          - action: items.get
            summary: Reads one item.
            risk: [read, network]
            call: GET /items/{item_id}
            result:
              - { name: item_id, type: string }
              - { name: title, type: string }
              - { name: status, type: string }
          - action: items.update
            summary: Changes an item's title.
            risk: [write, network]
            # The \(id).item.update workflow asks a human in its approval step before every update.
            policy: workflow-gated
            call: PATCH /items/{item_id}
            result:
              - { name: item_id, type: string }
              - { name: title, type: string }

        """
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
          image: ghcr.io/example/cordum-\(id):0.1.0
          source: https://github.com/example/cordum-packs/tree/main/packs/\(id)
          license: Apache-2.0
        compatibility:
          protocolVersion: 1
          minCoreVersion: "0.1.0"
        topics:
          # BEGIN GENERATED topics
          # END GENERATED topics
        resources:
          schemas:
            # BEGIN GENERATED schemas
            # END GENERATED schemas
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
            # BEGIN GENERATED simulations
            # END GENERATED simulations
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
        # Rules match topics, never only risk tags, and stay inside job.\(id).*. The topic lists between the
        # GENERATED markers come from ../topics.yaml: edit it and run packctl generate.
        version: "1"
        rules:
          - id: \(id)-read
            match:
              topics:
                # BEGIN GENERATED topics policy=allow
                # END GENERATED topics policy=allow
            decision: allow

          # Updates write. The \(id).item.update workflow asks a human in its approval step, so the policy does
          # not ask again; it bounds the job instead. If jobs may reach this topic outside that workflow, give the
          # action policy: workflow-approval in topics.yaml and add the rules that class needs.
          - id: \(id)-write
            match:
              topics:
                # BEGIN GENERATED topics policy=workflow-gated
                # END GENERATED topics policy=workflow-gated
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
            input_schema_id: \(id)/ItemsGetInput
            output_schema_id: \(id)/ItemsGetOutput
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
          # Inputs that work against the emulator's demo data (packctl run \(id).item.get --example N).
          examples:
            - { item_id: item-1 }
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
          examples:
            - { item_id: item-1, title: A better title }
        steps:
        \(getStep)
          approve:
            type: approval
            depends_on: [get]
            input:
              message: "Rename ${steps.get.output.result.title} to ${input.title}?"
          update:
            type: worker
            topic: job.\(id).items.update
            depends_on: [approve]
            input_schema_id: \(id)/ItemsUpdateInput
            output_schema_id: \(id)/ItemsUpdateOutput
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

    /// What the conformance suite cannot infer: a sample input per action and how each workflow ends. The samples
    /// name the demo item the emulator is expected to seed.
    private var conformance: String {
        """
        # What the conformance suite (docs/authoring.md, "Testing a pack") cannot infer about the \(id) pack. Once the
        # pack has a worker and an emulator in the pack table of Package.swift, `swift test --filter
        # PackConformanceTests` runs every check with these samples; each must work against the emulator's demo data
        # (here: an item "item-1").
        actions:
          job.\(id).items.get:
            input: {item_id: item-1}
          job.\(id).items.update:
            input: {item_id: item-1, title: A better title}
        faults:
          read: job.\(id).items.get
          write: job.\(id).items.update
        workflows:
          \(id).item.get:
            status: succeeded
            approvals: 0
            decisions: {get: ALLOW}
          \(id).item.update:
            status: succeeded
            approvals: 1
            decisions: {get: ALLOW, update: ALLOW_WITH_CONSTRAINTS}

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

        ## Generated files

        `pack/topics.yaml` is the topics table. After editing it, run `packctl generate packs/\(id)`: it writes the
        output schemas, the generated regions of `pack.yaml`, the pools and timeouts patches and the topic lists of
        the policy fragment. Input schemas and workflows are hand-written.

        ## Check it

        ```sh
        packctl generate packs/\(id) --check
        packctl lint packs/\(id)
        packctl test packs/\(id)
        ```

        ## Worker configuration

        List every environment variable the worker reads (`CORDUM_\(id.uppercased().replacing("-", with: "_"))_PROFILES`, ...), the vendor
        scopes it needs (least privilege), and security notes.

        """
    }
}
