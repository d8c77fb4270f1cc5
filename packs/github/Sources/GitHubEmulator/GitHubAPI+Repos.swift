import EmulatorKit
import Foundation
import StructuredData

extension GitHubAPI {
    func addRepositoryRoutes(_ router: inout EmulatorRouter) {
        router.add("GET", "/repos/{owner}/{repo}") { request, parameters in
            try readRepository(parameters) { world, repository in
                .json(json(baseURL: request.baseURL, world: world).repository(repository))
            }
        }
        router.add("GET", "/repos/{owner}/{repo}/commits") { request, parameters in
            try listCommits(request, parameters)
        }
        router.add("GET", "/repos/{owner}/{repo}/commits/{ref...}") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                guard let sha = GitHubRefs.resolve(parameters["ref"], in: repository),
                    let commit = repository.commits[sha]
                else {
                    throw GitHubAPIError(status: 422, message: "No commit found for SHA: \(parameters["ref"])")
                }
                return .json(
                    json(baseURL: request.baseURL, world: world).commit(commit, in: repository, withFiles: true)
                )
            }
        }
        router.add("GET", "/repos/{owner}/{repo}/compare/{basehead...}") { request, parameters in
            try compare(request, parameters)
        }
        router.add("GET", "/repos/{owner}/{repo}/contents") { request, parameters in
            try contents(request, parameters, path: "")
        }
        router.add("GET", "/repos/{owner}/{repo}/contents/{path...}") { request, parameters in
            try contents(request, parameters, path: parameters["path"])
        }
        router.add("GET", "/repos/{owner}/{repo}/branches/{branch...}") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                guard let sha = repository.branches[parameters["branch"]], let commit = repository.commits[sha] else {
                    throw GitHubAPIError(status: 404, message: "Branch not found")
                }
                let rendered = json(baseURL: request.baseURL, world: world)
                return .json([
                    "name": .string(parameters["branch"]),
                    "commit": rendered.commit(commit, in: repository, withFiles: false),
                    "protected": false,
                ])
            }
        }
        router.add("GET", "/repos/{owner}/{repo}/git/ref/{ref...}") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                let ref = "refs/\(parameters["ref"])"
                guard let sha = refSHA(ref, in: repository) else { throw GitHubAPIError.notFound }
                return .json(json(baseURL: request.baseURL, world: world).gitRef(ref, sha: sha, in: repository))
            }
        }
        router.add("POST", "/repos/{owner}/{repo}/git/refs") { request, parameters in
            let body = try GitHubBody(request)
            let ref = try body.required("ref", resource: "Reference")
            let sha = try body.required("sha", resource: "Reference")
            return try mutateRepository(parameters) { world, repository throws(GitHubAPIError) in
                guard ref.hasPrefix("refs/"), ref.split(separator: "/").count >= 3 else {
                    throw GitHubAPIError(
                        status: 422,
                        message: "Reference name must start with 'refs/' and have at least two slashes."
                    )
                }
                guard refSHA(ref, in: repository) == nil else {
                    throw GitHubAPIError(status: 422, message: "Reference already exists")
                }
                guard repository.commits[sha] != nil else {
                    throw GitHubAPIError(status: 422, message: "Object does not exist")
                }
                if ref.hasPrefix("refs/heads/") {
                    repository.branches[String(ref.dropFirst("refs/heads/".count))] = sha
                } else if ref.hasPrefix("refs/tags/") {
                    repository.tags[String(ref.dropFirst("refs/tags/".count))] = sha
                } else {
                    throw GitHubAPIError(
                        status: 422,
                        message: "Only refs/heads/ and refs/tags/ references are emulated"
                    )
                }
                return .json(
                    json(baseURL: request.baseURL, world: world).gitRef(ref, sha: sha, in: repository),
                    status: 201
                )
            }
        }
        router.add("DELETE", "/repos/{owner}/{repo}/git/refs/{ref...}") { _, parameters in
            try mutateRepository(parameters) { _, repository throws(GitHubAPIError) in
                let ref = parameters["ref"]
                if ref.hasPrefix("heads/"), repository.branches[String(ref.dropFirst(6))] != nil {
                    let branch = String(ref.dropFirst(6))
                    guard branch != repository.defaultBranch else {
                        throw GitHubAPIError(status: 422, message: "Cannot delete the default branch \(branch)")
                    }
                    repository.branches[branch] = nil
                } else if ref.hasPrefix("tags/"), repository.tags[String(ref.dropFirst(5))] != nil {
                    repository.tags[String(ref.dropFirst(5))] = nil
                } else {
                    throw GitHubAPIError(status: 422, message: "Reference does not exist")
                }
                return .empty()
            }
        }
    }

    private func refSHA(_ ref: String, in repository: RepositoryRecord) -> String? {
        if ref.hasPrefix("refs/heads/") { return repository.branches[String(ref.dropFirst("refs/heads/".count))] }
        if ref.hasPrefix("refs/tags/") { return repository.tags[String(ref.dropFirst("refs/tags/".count))] }
        return nil
    }

    private func listCommits(_ request: EmulatorRequest, _ parameters: RouteParameters) throws(GitHubAPIError)
        -> EmulatorResponse
    {
        try readRepository(parameters) { world, repository throws(GitHubAPIError) in
            let start = request.queryValue("sha") ?? repository.defaultBranch
            guard let sha = GitHubRefs.resolve(start, in: repository) else { throw GitHubAPIError.notFound }
            let rendered = json(baseURL: request.baseURL, world: world)
            let commits = GitHubRefs.ancestors(of: sha, in: repository).compactMap { repository.commits[$0] }
                .sorted { ($0.date, $0.sha) > ($1.date, $1.sha) }
            return Pagination.page(
                commits.map { rendered.commit($0, in: repository, withFiles: false) },
                request: request
            )
            .response()
        }
    }

    private func compare(_ request: EmulatorRequest, _ parameters: RouteParameters) throws(GitHubAPIError)
        -> EmulatorResponse
    {
        let basehead = parameters["basehead"]
        guard let range = basehead.range(of: "...") ?? basehead.range(of: "..") else { throw GitHubAPIError.notFound }
        let baseName = String(basehead[..<range.lowerBound])
        let headName = String(basehead[range.upperBound...])
        return try readRepository(parameters) { world, repository throws(GitHubAPIError) in
            func local(_ name: String) -> String {
                // `owner:branch` names a branch of a fork; here every branch is in this repository.
                name.contains(":") ? String(name.split(separator: ":", maxSplits: 1)[1]) : name
            }
            guard let base = GitHubRefs.resolve(local(baseName), in: repository),
                let head = GitHubRefs.resolve(local(headName), in: repository)
            else { throw GitHubAPIError.notFound }
            let rendered = json(baseURL: request.baseURL, world: world)
            let ahead = GitHubRefs.commits(from: base, to: head, in: repository)
            let behind = GitHubRefs.commits(from: head, to: base, in: repository)
            let mergeBase = GitHubRefs.mergeBase(base, head, in: repository) ?? base
            let status =
                ahead.isEmpty && behind.isEmpty
                ? "identical" : behind.isEmpty ? "ahead" : ahead.isEmpty ? "behind" : "diverged"
            let changes = GitObjects.changes(
                from: repository.commits[mergeBase]?.files ?? [:],
                to: repository.commits[head]?.files ?? [:]
            )
            let repoURL = "\(request.baseURL)/repos/\(repository.fullName)"
            let web = "\(request.baseURL)/\(repository.fullName)"
            guard let baseCommit = repository.commits[base], let mergeBaseCommit = repository.commits[mergeBase] else {
                throw GitHubAPIError.notFound
            }
            return .json([
                "url": .string("\(repoURL)/compare/\(basehead)"),
                "html_url": .string("\(web)/compare/\(basehead)"),
                "permalink_url": .string("\(web)/compare/\(base)...\(head)"),
                "diff_url": .string("\(web)/compare/\(basehead).diff"),
                "patch_url": .string("\(web)/compare/\(basehead).patch"),
                "base_commit": rendered.commit(baseCommit, in: repository, withFiles: false),
                "merge_base_commit": rendered.commit(mergeBaseCommit, in: repository, withFiles: false),
                "status": .string(status),
                "ahead_by": .integer(ahead.count),
                "behind_by": .integer(behind.count),
                "total_commits": .integer(ahead.count),
                "commits": .array(ahead.map { rendered.commit($0, in: repository, withFiles: false) }),
                "files": .array(changes.map { rendered.file($0, ref: head, in: repository) }),
            ])
        }
    }

    private func contents(
        _ request: EmulatorRequest,
        _ parameters: RouteParameters,
        path rawPath: String
    ) throws(GitHubAPIError) -> EmulatorResponse {
        let path = rawPath.split(separator: "/").joined(separator: "/")
        return try readRepository(parameters) { world, repository throws(GitHubAPIError) in
            let ref = request.queryValue("ref") ?? repository.defaultBranch
            guard let sha = GitHubRefs.resolve(ref, in: repository), let commit = repository.commits[sha] else {
                throw GitHubAPIError(status: 404, message: "No commit found for the ref \(ref)")
            }
            let repoURL = "\(request.baseURL)/repos/\(repository.fullName)"
            let web = "\(request.baseURL)/\(repository.fullName)"
            func entry(_ entryPath: String, type: String, bytes: [UInt8]?) -> [String: JSONValue] {
                let sha = bytes.map(GitObjects.blobSHA) ?? GitObjects.sha1(Array("tree:\(entryPath)".utf8))
                let selfURL = "\(repoURL)/contents/\(entryPath)?ref=\(ref)"
                let gitURL = "\(repoURL)/git/\(type == "file" ? "blobs" : "trees")/\(sha)"
                let htmlURL = "\(web)/\(type == "file" ? "blob" : "tree")/\(ref)/\(entryPath)"
                return [
                    "type": .string(type),
                    "size": .integer(bytes?.count ?? 0),
                    "name": .string(String(entryPath.split(separator: "/").last ?? "")),
                    "path": .string(entryPath),
                    "sha": .string(sha),
                    "url": .string(selfURL),
                    "git_url": .string(gitURL),
                    "html_url": .string(htmlURL),
                    "download_url": type == "file" ? .string("\(web)/raw/\(ref)/\(entryPath)") : .null,
                    "_links": ["self": .string(selfURL), "git": .string(gitURL), "html": .string(htmlURL)],
                ]
            }
            if let bytes = commit.files[path] {
                var file = entry(path, type: "file", bytes: bytes)
                file["encoding"] = "base64"
                file["content"] = .string(Self.wrappedBase64(bytes))
                return .json(.object(file))
            }
            let prefix = path.isEmpty ? "" : path + "/"
            var children: [String: [UInt8]?] = [:]
            for (filePath, bytes) in commit.files where filePath.hasPrefix(prefix) {
                let rest = filePath.dropFirst(prefix.count)
                if let slash = rest.firstIndex(of: "/") {
                    children[prefix + rest[..<slash]] = .some(nil)
                } else {
                    children[filePath] = .some(bytes)
                }
            }
            guard !children.isEmpty else { throw GitHubAPIError.notFound }
            let listing = children.keys.sorted().map { childPath -> JSONValue in
                let bytes = children[childPath] ?? nil
                return .object(entry(childPath, type: bytes == nil ? "dir" : "file", bytes: bytes))
            }
            return .json(.array(listing))
        }
    }

    /// Base64 with a newline every 60 characters, as GitHub sends file contents.
    static func wrappedBase64(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        var lines: [Substring] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 60, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[index..<end])
            index = end
        }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }
}
