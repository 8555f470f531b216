import Hummingbird
import NIOCore

/// A group's body limit: a declared `Content-Length` over it is a 413 before anything is read, and a
/// body that turns out longer (chunked) fails with the same 413 when a handler reads past it.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let bytes: Int
    /// What a sender over the limit can do.
    let hint: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > bytes {
            return tooLarge.response
        }
        var request = request
        request.body = RequestBody(asyncSequence: BoundedBody(base: request.body, limit: bytes, tooLarge: tooLarge))
        return try await next(request, context)
    }

    var tooLarge: APIError { APIError(.contentTooLarge, "the request body is larger than \(bytes) bytes", hint: hint) }
}

/// A request body that throws the 413 once more than `limit` bytes have arrived.
struct BoundedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: RequestBody
    let limit: Int
    let tooLarge: APIError

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let limit: Int
        let tooLarge: APIError
        var seen = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await base.next() else { return nil }
            seen += chunk.readableBytes
            if seen > limit { throw tooLarge }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), limit: limit, tooLarge: tooLarge) }
}

extension Request {
    /// The whole body, within the limit its group's `BodyLimitMiddleware` sets (its 413 otherwise).
    func collectedBody() async throws -> [UInt8] {
        var buffer = try await body.collect(upTo: .max)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}
