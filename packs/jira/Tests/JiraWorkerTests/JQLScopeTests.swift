import Testing
import WorkerKit

@testable import JiraWorker

/// A job's JQL restricted to its project cannot escape the restriction.
@Suite("JQL restricted to a project")
struct JQLScopeTests {
    @Test("the condition is wrapped and ORDER BY stays last, also after parentheses and in any case")
    func wraps() throws {
        #expect(
            try JQLScope.restrict("status = Done ORDER BY key DESC", toProject: "OPS")
                == "project = \"OPS\" AND (status = Done) ORDER BY key DESC"
        )
        #expect(
            try JQLScope.restrict("(a = 1 OR b = 2)order  by created", toProject: "OPS")
                == "project = \"OPS\" AND ((a = 1 OR b = 2)) order  by created"
        )
        #expect(try JQLScope.restrict("order by key", toProject: "OPS") == "project = \"OPS\" order by key")
        #expect(
            try JQLScope.restrict("summary ~ \"order by (x\" AND labels = a", toProject: "OPS")
                == "project = \"OPS\" AND (summary ~ \"order by (x\" AND labels = a)"
        )
    }

    @Test(
        "parentheses that close the wrapper, or unclosed quotes, are refused naming jql",
        arguments: ["x = 1) OR (project = WEB", "x = 1) OR project = WEB ORDER BY key", "(x = 1", "summary ~ \"open"]
    )
    func refusesEscapes(_ jql: String) {
        #expect(throws: WorkerError.self) { try JQLScope.restrict(jql, toProject: "OPS") }
        do {
            _ = try JQLScope.restrict(jql, toProject: "OPS")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.message.hasPrefix("jql "))
        }
    }
}
