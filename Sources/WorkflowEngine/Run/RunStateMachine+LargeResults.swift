import StructuredData

extension RunStateMachine {
    /// Upstream's inline limit: a result larger than this (as compact JSON) is not copied into the run.
    public static let inlineResultLimit = 256 * 1024

    /// What a succeeded job leaves in the run: its output, or — when the output is larger than
    /// ``inlineResultLimit`` and the result has a pointer — the pointer (a string), which is then also what
    /// `output_path` receives. The data stays where the pointer says; `steps.<id>.result_ptr` names it too.
    static func keptOutput(of result: JobResult) -> JSONValue? {
        guard let output = result.output, let pointer = result.resultPointer,
            JSONEncoding.compact(output).utf8.count > inlineResultLimit
        else { return result.output }
        return .string(pointer)
    }
}
