public import StructuredData

extension LineChart {
    /// The media type of the SVG text.
    public static let mediaType = "image/svg+xml"

    /// Stores the chart's SVG as an artifact (scrubbed of registered secrets like every artifact) and describes it.
    /// - Parameters:
    ///   - artifacts: The job's artifact writer.
    ///   - labels: Labels recorded with it (`kind: chart` is added).
    /// - Returns: `{"pointer","media_type","title","series","bytes"}`, for a job's output.
    /// - Throws: ``WorkerError`` from the writer (`artifacts_unavailable`, `storage_unavailable`, …).
    public func store(in artifacts: ArtifactWriter, labels: [String: String] = [:]) async throws(WorkerError)
        -> JSONValue
    {
        let text = svg()
        var recorded = labels
        recorded["kind"] = "chart"
        let pointer = try await artifacts.put(text: text, contentType: Self.mediaType, labels: recorded)
        return [
            "pointer": .string(pointer),
            "media_type": .string(Self.mediaType),
            "title": .string(title),
            "series": .integer(series.count),
            "bytes": .integer(text.utf8.count),
        ]
    }
}
