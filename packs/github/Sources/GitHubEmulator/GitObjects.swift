import Crypto
import Foundation

/// Git-shaped ids and file diffs for the emulated repositories.
enum GitObjects {
    /// The git blob id of file contents (`sha1("blob <size>\0" + bytes)`).
    static func blobSHA(_ bytes: [UInt8]) -> String {
        sha1(Array("blob \(bytes.count)\u{0}".utf8) + bytes)
    }

    /// A tree id for a snapshot of files.
    static func treeSHA(_ files: [String: [UInt8]]) -> String {
        var input: [UInt8] = Array("tree".utf8)
        for path in files.keys.sorted() {
            input += Array("\(path)\u{0}\(blobSHA(files[path] ?? []))\n".utf8)
        }
        return sha1(input)
    }

    /// A commit id from its parts and a counter that keeps ids unique.
    static func commitSHA(tree: String, parents: [String], message: String, date: Double, counter: Int) -> String {
        sha1(Array("commit \(tree) \(parents.joined(separator: ",")) \(date) \(counter)\n\(message)".utf8))
    }

    static func sha1(_ bytes: [UInt8]) -> String {
        Insecure.SHA1.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// One changed file between two snapshots.
    struct FileChange: Sendable {
        var path: String
        var status: String
        var additions: Int
        var deletions: Int
        var patch: String
        var sha: String
    }

    /// The changes from `old` to `new`, sorted by path.
    static func changes(from old: [String: [UInt8]], to new: [String: [UInt8]]) -> [FileChange] {
        let paths = Set(old.keys).union(new.keys).sorted()
        return paths.compactMap { path in
            let before = old[path]
            let after = new[path]
            if before == after { return nil }
            let diff = lineDiff(before.map(lines) ?? [], after.map(lines) ?? [])
            let status = before == nil ? "added" : after == nil ? "removed" : "modified"
            return FileChange(
                path: path,
                status: status,
                additions: diff.additions,
                deletions: diff.deletions,
                patch: diff.patch,
                sha: blobSHA(after ?? before ?? [])
            )
        }
    }

    private static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .dropLastIfEmpty()
    }

    /// A line diff by longest common subsequence (files here are small): counts and a one-hunk unified patch.
    private static func lineDiff(_ old: [String], _ new: [String]) -> (additions: Int, deletions: Int, patch: String) {
        let rows = old.count
        let columns = new.count
        var table = Array(repeating: Array(repeating: 0, count: columns + 1), count: rows + 1)
        if rows > 0, columns > 0 {
            for row in stride(from: rows - 1, through: 0, by: -1) {
                for column in stride(from: columns - 1, through: 0, by: -1) {
                    table[row][column] =
                        old[row] == new[column]
                        ? table[row + 1][column + 1] + 1 : max(table[row + 1][column], table[row][column + 1])
                }
            }
        }
        var output: [String] = []
        var additions = 0
        var deletions = 0
        var row = 0
        var column = 0
        while row < rows || column < columns {
            if row < rows, column < columns, old[row] == new[column] {
                output.append(" " + old[row])
                row += 1
                column += 1
            } else if column < columns, row == rows || table[row][column + 1] >= table[row + 1][column] {
                output.append("+" + new[column])
                additions += 1
                column += 1
            } else {
                output.append("-" + old[row])
                deletions += 1
                row += 1
            }
        }
        let header = "@@ -\(rows == 0 ? 0 : 1),\(rows) +\(columns == 0 ? 0 : 1),\(columns) @@"
        return (additions, deletions, ([header] + output).joined(separator: "\n"))
    }
}

extension Array where Element == String {
    fileprivate func dropLastIfEmpty() -> [String] {
        last == "" ? Array(dropLast()) : self
    }
}
