import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// A group's body limit: a declared `Content-Length` over it is a 413 before anything is read, and a
/// body that turns out longer (chunked) fails with the same 413 when a handler reads past it.
///
/// It also says what happened to a body that stopped arriving: a client that hung up mid-body is a
/// 499 (nginx's "client closed request"), one the server cut for sending too slowly a 408, framing
/// that is not HTTP a 400 — never a 500, which would say the server failed.
struct BodyLimitMiddleware: RouterMiddleware {
    let bytes: Int
    /// What a sender over the limit can do.
    let hint: String

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let declared = request.headers[.contentLength].flatMap(Int.init)
        if let declared, declared > bytes {
            return tooLarge.response
        }
        var request = request
        let body = BoundedBody(base: request.body, limit: bytes, declared: declared, tooLarge: tooLarge, connection: context.connection)
        request.body = RequestBody(asyncSequence: body)
        return try await next(request, context)
    }

    var tooLarge: APIError { APIError(.contentTooLarge, "the request body is larger than \(bytes) bytes", hint: hint) }

    /// 499: not a status `HTTPResponse.Status` names.
    static let clientClosedRequest = HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")
}

/// A request body that throws the 413 once more than `limit` bytes have arrived, and turns the ways
/// a body can stop arriving into the answers `BodyLimitMiddleware` describes.
struct BoundedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: RequestBody
    let limit: Int
    /// The `Content-Length`, when the request declared one.
    let declared: Int?
    let tooLarge: APIError
    let connection: ClientConnection?

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let body: BoundedBody
        var seen = 0

        mutating func next() async throws -> ByteBuffer? {
            let chunk: ByteBuffer?
            do {
                chunk = try await base.next()
            } catch {
                throw body.interrupted(by: error)
            }
            guard let chunk else {
                // The body ended short of its declared length: the connection closed under it.
                if let declared = body.declared, seen < declared { throw body.interrupted(by: nil) }
                return nil
            }
            seen += chunk.readableBytes
            if seen > body.limit { throw body.tooLarge }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), body: self) }

    /// The answer for a body that stopped arriving because of `error`.
    func interrupted(by error: (any Error)?) -> APIError {
        if let error = error as? APIError { return error }
        if let parse = error as? HTTPParserError, parse != .invalidEOFState {
            return APIError(
                .badRequest, "the request body's framing is not valid HTTP/1.1 (\(parse))", field: nil,
                hint: "send the body with a correct Content-Length or chunked encoding")
        }
        if connection?.cut?.isSlowBody == true {
            return APIError(
                .requestTimeout, "the request body arrived too slowly and the connection was closed", field: nil,
                hint: "send the body without pauses; nothing from this request was stored")
        }
        return APIError(
            BodyLimitMiddleware.clientClosedRequest, "the client closed the connection before the whole body arrived", field: nil,
            hint: "nothing from this request was stored; send it again")
    }
}

extension Request {
    /// The whole body, within the limit its group's `BodyLimitMiddleware` sets (its 413 otherwise).
    func collectedBody() async throws -> [UInt8] {
        var buffer = try await body.collect(upTo: .max)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}
