import Hummingbird

extension Response {
    /// A response with a JSON body (`application/json;charset=utf-8`).
    public static func json(_ body: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response
    {
        raw(body.serialized(), status: status, headers: headers)
    }

    /// A response with the given bytes labelled as JSON, whether or not they parse (used for malformed faults).
    public static func raw(_ bytes: [UInt8], status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json;charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An empty response (e.g. 204).
    public static func empty(status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        Response(status: status, headers: headers)
    }
}
