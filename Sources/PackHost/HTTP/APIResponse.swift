public import Hummingbird
public import StructuredData

/// Building the host API's responses: JSON bodies, `204`, and errors.
public enum APIResponse {
    /// A JSON body (compact encoding) with `status`.
    public static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        let text = JSONEncoding.compact(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// `204 No Content`.
    public static func noContent() -> Response {
        Response(status: .noContent)
    }

    /// `{"error":{"code","message"}}` with the code's status.
    public static func error(_ error: HostError) -> Response {
        json(
            ["error": ["code": .string(error.code.rawValue), "message": .string(error.message)]],
            status: HTTPResponse.Status(code: error.code.httpStatus)
        )
    }

    /// `{"items":[...]}`.
    public static func items(_ items: [JSONValue]) -> Response {
        json(["items": .array(items)])
    }
}
