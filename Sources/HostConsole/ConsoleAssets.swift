/// The host's web console: one HTML page, one style sheet and one script, written by hand and served by the host
/// at `/` (docs/console.md).
///
/// Hand-written, without a framework or a build step: the console is a few screens over the host's JSON API, so a
/// framework would add a toolchain (Node, a bundler) and third-party code to review and update for little gain;
/// the page must fetch nothing from elsewhere at run time (the host serves everything, and its
/// `Content-Security-Policy` allows only itself); and plain DOM code keeps what runs in an operator's browser
/// small enough to read in one sitting. The files (`Assets/`) are compiled into the module by `EmbedAssetsPlugin`, so
/// a `packctl` binary copied anywhere serves its console with nothing to keep beside it.
public enum ConsoleAssets {
    /// A file of the console.
    public struct File: Sendable, Hashable {
        /// The file's bytes.
        public var bytes: [UInt8]
        /// Its `Content-Type`.
        public var contentType: String
    }

    /// The files the console serves, by name, and their types. Only these names are ever read.
    public static let names: [String: String] = [
        "index.html": "text/html; charset=utf-8",
        "console.css": "text/css; charset=utf-8",
        "console.js": "text/javascript; charset=utf-8",
    ]

    /// The file called `name`, or nil when the console has no such file.
    public static func file(named name: String) -> File? {
        guard let contentType = names[name] else { return nil }
        guard let text = EmbeddedAssets.texts[name] else { return nil }
        return File(bytes: Array(text.utf8), contentType: contentType)
    }
}
