import NIOHTTP1
public import StructuredData
public import WorkerKit

/// One atomic action of the GitHub pack (topic `job.github.<name>`): what it reads or changes, how its input is
/// validated, and the GitHub request it makes.
public struct GitHubAction: Sendable {
    /// What the action does with its answer.
    public enum Kind: Sendable, Hashable {
        /// A read answered by one JSON object (`result`).
        case read
        /// A paginated read: the items are the answer array, or the array under `itemsKey` of the answer object.
        case list(itemsKey: String?)
        /// A change; supports `dry_run`.
        case write
    }

    /// The action name (`issues.get`).
    public let name: String
    /// Read, list or write.
    public let kind: Kind
    /// Destructive or production actions (`pulls.merge`, `refs.delete`, `releases.delete`): refused unless a
    /// profile's `allow_actions` or `CORDUM_GITHUB_ALLOW_ACTIONS` names them exactly.
    public let requiresExplicitEnable: Bool
    /// Whether the input needs `repo` (every action but `search.issues`).
    public let needsRepository: Bool
    /// Builds the request from the validated input (`repo` already checked, passed separately).
    let build: @Sendable (_ input: ActionInput, _ repo: String) throws -> GitHubCall

    init(
        _ name: String,
        _ kind: Kind,
        explicit: Bool = false,
        needsRepository: Bool = true,
        build: @escaping @Sendable (_ input: ActionInput, _ repo: String) throws -> GitHubCall
    ) {
        self.name = name
        self.kind = kind
        self.requiresExplicitEnable = explicit
        self.needsRepository = needsRepository
        self.build = build
    }

    /// The topic, `job.github.<name>`.
    public var topic: String { "job.github.\(name)" }
    /// The capability, `github.<name>`.
    public var capability: String { "github.\(name)" }
    /// Whether the action changes something.
    public var isWrite: Bool { kind == .write }
    /// Whether the action follows pagination.
    public var isList: Bool {
        if case .list = kind { return true }
        return false
    }

    /// Validates `input` and returns the repository (when the action has one) and the request.
    /// - Throws: `invalid_input` naming the field.
    public func call(for input: JSONValue) throws(WorkerError) -> (repo: String?, call: GitHubCall) {
        let fields = try ActionInput(action: name, input: input)
        let repo = needsRepository ? try fields.repository() : nil
        do {
            return (repo, try build(fields, repo ?? ""))
        } catch let error as WorkerError {
            throw error
        } catch {
            throw WorkerError(code: .invalidInput, message: "\(name): \(error)")
        }
    }

    /// The `/repos/{owner}/{repo}` prefix, encoded.
    static func repoPath(_ repo: String) -> String {
        "/repos/" + URLEncoding.path(repo)
    }
}
