import Benchmark
import JSONSchema
import StructuredData

/// Validations per second of compiled schemas (`isValid`, one instance per validation), errors collected for an
/// invalid instance, and compiling the large vendor schema. See Workload.swift.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )

    let cases = try! Workload.cases()
    for workload in cases {
        let schema = try! JSONSchema(workload.schema)
        precondition(schema.isValid(workload.instance), "\(workload.name): the instance must be valid")
        Benchmark("isValid: \(workload.name)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(schema.isValid(workload.instance))
            }
        }
    }

    let closed = try! JSONSchema(cases[1].schema)
    guard case .object(var invalid) = cases[1].instance else { return }
    invalid["milestone"] = 0
    invalid["label"] = "bug"
    let instance = JSONValue.object(invalid)
    Benchmark("validate (2 errors): pack input, 2020-12") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(closed.validate(instance))
        }
    }

    let mcp = cases[2].schema
    Benchmark("compile: MCP schema (2020-12, 145 definitions)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try JSONSchema(mcp))
        }
    }
}
