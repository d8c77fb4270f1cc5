import Bundler
import Testing

@Suite struct BundleFilesTests {
    @Test func skipsDotFilesAndCachesAndSortsByBytes() {
        let selected = BundleFiles.select([
            "workflows/b.yaml", ".env", "schemas/.DS_Store", "pack.yaml", "__pycache__/x.pyc", "Workflows/a.yaml",
            ".git/config",
        ])
        #expect(selected == ["Workflows/a.yaml", "pack.yaml", "workflows/b.yaml"])
    }
}
