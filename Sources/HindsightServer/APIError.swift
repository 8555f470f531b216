import HTTPTypes
import Hindsight
import Hummingbird

/// A 4xx/5xx answer: JSON `{"error", "field", "hint"}` saying what is wrong, where, and what to do.
package struct APIError: Error, Sendable, Equatable {
    package var status: HTTPResponse.Status
    package var error: String
    /// The request part at fault: a payload field path, a header or a query parameter.
    package var field: String?
    package var hint: String
    /// Extra headers (`WWW-Authenticate`, `Retry-After`).
    package var headers: [(String, String)] = []

    package init(_ status: HTTPResponse.Status, _ error: String, field: String? = nil, hint: String, headers: [(String, String)] = []) {
        self.status = status
        self.error = error
        self.field = field
        self.hint = hint
        self.headers = headers
    }

    package static func == (a: APIError, b: APIError) -> Bool {
        a.status == b.status && a.error == b.error && a.field == b.field && a.hint == b.hint
    }

    /// The JSON body.
    package var json: String {
        var w = JSONWriter()
        w.string("error", error)
        w.nullable("field", field.map(JSONWriter.quoted))
        w.string("hint", hint)
        return w.finished()
    }

    /// The response carrying it.
    package var response: Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        for (name, value) in headers {
            if let n = HTTPField.Name(name) { fields[n] = value }
        }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: json + "\n")))
    }

    static func unauthorized(_ error: String, field: String? = nil, hint: String) -> APIError {
        APIError(.unauthorized, error, field: field, hint: hint, headers: [("WWW-Authenticate", "Bearer realm=\"hindsight\"")])
    }
}
