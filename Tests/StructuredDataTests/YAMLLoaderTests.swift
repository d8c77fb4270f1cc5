import StructuredData
import Testing

@Suite struct YAMLLoaderTests {
    @Test func resolvesScalarsByTheCoreSchema() throws {
        let value = try YAMLLoader.load(
            """
            a: 1
            b: 1.10
            c: "1.10"
            d: yes
            e: true
            f: ~
            g: 0x1F
            h: -2.5e3
            i: 'true'
            """
        )
        #expect(value["a"] == 1)
        #expect(value["b"] == .number(1.1))
        #expect(value["c"] == "1.10")
        #expect(value["d"] == "yes")
        #expect(value["e"] == true)
        #expect(value["f"] == .null)
        #expect(value["g"] == 31)
        #expect(value["h"] == .number(-2500))
        #expect(value["i"] == "true")
    }

    @Test func refusesDuplicateKeysWithTheirLine() {
        #expect {
            _ = try YAMLLoader.load(Array("a: 1\nb: 2\na: 3\n".utf8), file: "pack.yaml")
        } throws: { error in
            guard let error = error as? DocumentError else { return false }
            return error.code == .duplicateKey && error.location.line == 3
        }
    }

    @Test func reportsSyntaxErrorsWithFileLineAndColumn() {
        #expect {
            _ = try YAMLLoader.load(Array("a: [1, 2\nb: 3\n".utf8), file: "bad.yaml")
        } throws: { error in
            guard let error = error as? DocumentError else { return false }
            return error.code == .invalidYAML && error.location.file == "bad.yaml" && error.location.line >= 1
        }
    }

    @Test func stopsAliasBombs() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<9 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        #expect {
            _ = try YAMLLoader.load(Array(yaml.utf8), file: "bomb.yaml", limits: .init(maxNodes: 100_000))
        } throws: { ($0 as? DocumentError)?.code == .tooLarge }
    }

    @Test func supportsMergeKeys() throws {
        let value = try YAMLLoader.load("base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n")
        #expect(value["derived"] == ["x": 1, "y": 3])
    }

    @Test func recordsLocations() throws {
        let document = try YAMLLoader.load(
            Array("metadata:\n  id: x\ntopics:\n  - name: job.x.a\n".utf8),
            file: "pack.yaml"
        )
        #expect(document.location(of: "/topics/0/name").line == 4)
        #expect(document.location(of: "/metadata/id").line == 2)
    }
}
