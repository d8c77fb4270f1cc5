import Foundation

/// Where the host keeps its files: one data folder (by default `.cordum` in the working directory) holding
/// the host store (`host.sqlite`) and the workflow runs store (`runs.sqlite`).
public struct HostPaths: Sendable, Hashable {
    /// The folder that holds the host's files.
    public var dataDirectory: String

    /// The default data folder, relative to the working directory.
    public static let defaultDataDirectory = ".cordum"

    /// Creates the paths under `dataDirectory`.
    public init(dataDirectory: String = HostPaths.defaultDataDirectory) {
        self.dataDirectory = dataDirectory
    }

    /// The host store: installs, approvals, locks, memory, artifacts, dead letters, audit.
    public var hostDatabase: String { file("host.sqlite") }

    /// The workflow engine's runs store.
    public var runDatabase: String { file("runs.sqlite") }

    /// Creates the data folder (and its parents) readable by the owner only (0700); an existing folder is
    /// left as it is.
    public func createDataDirectory() throws(HostError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: dataDirectory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw HostError(.invalidArgument, "the data directory \"\(dataDirectory)\" exists and is not a folder")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: dataDirectory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw HostError(
                .storage,
                "cannot create the data directory \"\(dataDirectory)\": \(error.localizedDescription)"
            )
        }
    }

    private func file(_ name: String) -> String {
        dataDirectory.hasSuffix("/") ? dataDirectory + name : dataDirectory + "/" + name
    }
}
