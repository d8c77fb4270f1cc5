/// Every lint rule, by id. docs/authoring.md describes each with a good and a bad example.
extension LintRule {
    // Manifest
    static let apiVersion = LintRule(
        id: "manifest-api-version",
        severity: .error,
        summary: "pack.yaml declares apiVersion cordum.io/v1alpha1 and kind Pack."
    )
    static let quotedVersion = LintRule(
        id: "manifest-quoted-version",
        severity: .error,
        summary: "Versions are quoted strings, so YAML readers cannot turn 1.10 into 1.1."
    )
    static let semverVersion = LintRule(
        id: "manifest-semver",
        severity: .error,
        summary: "metadata.version is semver (MAJOR.MINOR.PATCH)."
    )
    static let unknownField = LintRule(
        id: "manifest-unknown-field",
        severity: .warning,
        summary: "pack.yaml has no fields Cordum ignores silently (typos such as riskTag)."
    )
    static let uniqueNames = LintRule(
        id: "manifest-unique-names",
        severity: .error,
        summary: "Topics, schema ids, workflow ids and overlay names are unique; every overlay has a name."
    )
    static let reservedID = LintRule(
        id: "manifest-reserved-id",
        severity: .error,
        summary: "The pack id is not secops (Policy Studio's bundle prefix)."
    )
    static let metadataImage = LintRule(
        id: "metadata-image",
        severity: .error,
        summary: "metadata.image names the worker image, so the catalog entry says what runs the pack."
    )
    static let metadataSource = LintRule(
        id: "metadata-source",
        severity: .error,
        summary: "metadata.source (or sourceRepo) names where the pack comes from."
    )
    // Generated assets
    static let assetsTable = LintRule(
        id: "assets-table",
        severity: .error,
        summary: "A pack's topics.yaml is valid, and the files it is generated into have their marked regions."
    )
    static let assetsStale = LintRule(
        id: "assets-stale",
        severity: .error,
        summary: "Files generated from topics.yaml are what packctl generate writes from it today."
    )
    // Topics
    static let topicName = LintRule(
        id: "topic-name",
        severity: .error,
        summary: "Topics are job.<pack>.<action>, lowercase, with a non-empty action."
    )
    static let capabilityName = LintRule(
        id: "topic-capability",
        severity: .error,
        summary: "Every topic has a capability <pack>.<action>, <pack>.<resource>.<action> or its own action path."
    )
    static let readWrite = LintRule(
        id: "topic-read-write",
        severity: .error,
        summary: "Every topic has exactly one of the risk tags read and write."
    )
    static let knownRiskTags = LintRule(
        id: "topic-risk-tags",
        severity: .error,
        summary: "Risk tags are read, write, prod, destructive, secrets or network."
    )
    static let requiresFormat = LintRule(
        id: "topic-requires",
        severity: .error,
        summary: "requires entries are lowercase <kind>:<name> or a single word (network:egress, github:api, llm)."
    )
    // Artifacts
    static let requiredArtifacts = LintRule(
        id: "artifacts-required",
        severity: .error,
        summary: "A pack ships pools and timeouts overlays, a policy fragment, schemas and workflows."
    )
    static let workflowCount = LintRule(
        id: "artifacts-workflow-count",
        severity: .error,
        summary: "A pack with topics ships 2 to 5 reference workflows."
    )
    // Overlays
    static let poolsShape = LintRule(
        id: "overlay-pools-shape",
        severity: .error,
        summary: "The pools patch matches Cordum's pools schema and routes every topic, by exact name."
    )
    static let timeoutsShape = LintRule(
        id: "overlay-timeouts-shape",
        severity: .error,
        summary: "The timeouts patch matches Cordum's timeouts schema (objects of non-negative integers)."
    )
    static let overlayKeyCase = LintRule(
        id: "overlay-key-case",
        severity: .error,
        summary: "Config overlay keys are exactly pools or timeouts (Cordum stores Pools where no one reads it)."
    )
    // Policy
    static let fragmentValid = LintRule(
        id: "policy-fragment-valid",
        severity: .error,
        summary: "The policy fragment parses against Cordum's safety-policy schema."
    )
    static let fragmentNamespace = LintRule(
        id: "policy-fragment-namespace",
        severity: .error,
        summary: "Fragment rules match only the pack's own topics (job.<pack>.*), so they cannot shadow other packs."
    )
    static let hostExtension = LintRule(
        id: "policy-host-extension",
        severity: .warning,
        summary: "The fragment uses no host-only policy key (constraints.min_approvers), which Cordum's kernel refuses."
    )
    static let baseline = LintRule(
        id: "policy-baseline",
        severity: .error,
        summary:
            "Every topic gets its baseline: read ALLOW, write REQUIRE_APPROVAL, sensitive DENY or constrained approval."
    )
    static let topicMatch = LintRule(
        id: "policy-topic-match",
        severity: .error,
        summary: "Write and sensitive topics keep their decision when a job omits its risk tags (match the topic)."
    )
    // Simulations
    static let simulations = LintRule(
        id: "simulations-coverage",
        severity: .error,
        summary: "Simulations cover the read path (ALLOW), the write path and every sensitive path."
    )
    static let simulationsPass = LintRule(
        id: "simulations-pass",
        severity: .error,
        summary: "Every simulation's expected decision is what the policy decides."
    )
    // Workflows
    static let workflowID = LintRule(
        id: "workflow-id",
        severity: .error,
        summary: "Workflow ids are <pack>.<name> and the file's own id, if any, agrees."
    )
    static let stepType = LintRule(
        id: "workflow-step-type",
        severity: .error,
        summary: "Step types are ones Cordum knows; job steps name a topic."
    )
    static let stepTopic = LintRule(
        id: "workflow-step-topic",
        severity: .error,
        summary: "Step topics are declared by this pack, or by a pack listed in requires_packs that exists."
    )
    static let stepMeta = LintRule(
        id: "workflow-step-meta",
        severity: .error,
        summary: "Worker steps carry meta pack_id, capability, risk_tags and requires matching their topic."
    )
    static let idempotency = LintRule(
        id: "workflow-idempotency",
        severity: .error,
        summary: "Every side-effecting step has meta.idempotency_key."
    )
    static let approvalGate = LintRule(
        id: "workflow-approval",
        severity: .error,
        summary:
            "Write and destructive steps wait for an approval step, or their policy requires approval (never both)."
    )
    static let lock = LintRule(
        id: "workflow-lock",
        severity: .error,
        summary: "Destructive and prod steps take a lock (meta.lock naming a resource such as repo:<org>/<repo>)."
    )
    static let dependencies = LintRule(
        id: "workflow-depends-on",
        severity: .error,
        summary: "depends_on names existing steps and has no cycles."
    )
    static let references = LintRule(
        id: "workflow-references",
        severity: .error,
        summary: "${input.x} names an input property; ${steps.<id>...} names a step this one depends on."
    )
    static let workflowExamples = LintRule(
        id: "workflow-examples",
        severity: .error,
        summary: "Every workflow's input_schema has examples, each a valid input (packctl run WORKFLOW --example N)."
    )
    static let schemaIDs = LintRule(
        id: "workflow-schema-ids",
        severity: .error,
        summary: "input_schema_id and output_schema_id name schemas the pack (or a required pack) ships."
    )
    static let requiresPacks = LintRule(
        id: "requires-packs",
        severity: .error,
        summary: "Packs named in requires_packs exist, and every one is used."
    )
    // Schemas
    static let schemaValid = LintRule(
        id: "schema-valid",
        severity: .error,
        summary: "Schemas compile as draft-07 JSON Schema and declare draft-07."
    )
    // Versioning
    /// Checked by `packctl lint --against OLD` outside the linter; its findings join the report through
    /// ``LintReport/adding(_:)``.
    public static let versioning = LintRule(
        id: "versioning-breaking-change",
        severity: .error,
        summary: "A breaking change to a workflow's input or output keeps its id only with a .v2 (or next) suffix."
    )

    /// Every rule, in documentation order.
    public static let all: [LintRule] = [
        apiVersion, quotedVersion, semverVersion, unknownField, uniqueNames, reservedID, metadataImage, metadataSource,
        assetsTable, assetsStale,
        topicName, capabilityName, readWrite, knownRiskTags, requiresFormat,
        requiredArtifacts, workflowCount,
        poolsShape, timeoutsShape, overlayKeyCase,
        fragmentValid, fragmentNamespace, hostExtension, baseline, topicMatch,
        simulations, simulationsPass,
        workflowID, stepType, stepTopic, stepMeta, idempotency, approvalGate, lock, dependencies, references,
        workflowExamples,
        schemaIDs, requiresPacks,
        schemaValid, versioning,
    ]
}
