/// The generated sections of `pack.yaml`: the topics list and the schema entries.
enum ManifestSections {
    static func topics(_ table: TopicsTable) -> [String] {
        table.actions.flatMap { action in
            [
                "- name: \(YAMLText.scalar(action.topic))",
                "  capability: \(YAMLText.scalar(action.capability))",
                "  riskTags: \(YAMLText.flow(action.riskTags))",
                "  requires: \(YAMLText.flow(action.requires))",
            ]
        }
    }

    static func schemas(_ table: TopicsTable, packID: String) -> [String] {
        table.actions.flatMap { action in
            [
                "- id: \(YAMLText.scalar(action.inputSchemaID(pack: packID)))",
                "  path: \(YAMLText.scalar(action.inputSchemaPath))",
                "- id: \(YAMLText.scalar(action.outputSchemaID(pack: packID)))",
                "  path: \(YAMLText.scalar(action.outputSchemaPath))",
            ]
        }
    }
}
