import NIOHTTP1
import StructuredData
public import WorkerKit

/// The GitHub pack's actions (topic `job.github.<name>`, capability `github.<name>`), declared on WorkerKit's
/// action runtime: what each reads or changes, its request, and the objects a write reports.
public enum GitHubAction {
    typealias Query = ActionRequest.QueryItem

    /// Every action of the pack, by name.
    public static let all: [String: Action] = Dictionary(
        uniqueKeysWithValues: (reads + lists + writes).map { ($0.name, $0) }
    )

    /// The action names, sorted.
    public static var names: [String] { all.keys.sorted() }

    /// An action on `job.github.<name>`, touching the `repo` input's repository unless `resource` says otherwise.
    static func action(
        _ name: String,
        _ kind: Action.Kind,
        enabling: Action.Enabling = .byLists,
        resource: ActionResource? = repository,
        objects: @escaping Action.ObjectsExtractor = { _, _, _ in [] },
        emptyResult: Action.EmptyResult? = nil,
        build: @escaping Action.Builder
    ) -> Action {
        Action(
            name: name,
            topic: "job.github.\(name)",
            capability: "github.\(name)",
            kind: kind,
            enabling: enabling,
            resource: resource,
            objects: objects,
            emptyResult: emptyResult,
            build: build
        )
    }

    /// The `repo` input, checked against `ALLOWED_REPOS`/`DENIED_REPOS` and the profile's lists, ignoring letter
    /// case as GitHub does.
    static let repository = ActionResource.field("repo", list: "REPOS", noun: "repository", caseInsensitive: true)

    /// The `/repos/{owner}/{repo}` prefix of the `repo` input, encoded.
    static func repoPath(_ input: ActionInput) throws(WorkerError) -> String {
        "/repos/" + URLEncoding.path(try input.string("repo"))
    }
}
