import HTTPTypes
import Hindsight
import HindsightFormats
import HindsightStore
import Hummingbird
import NIOCore

extension HindsightServer {
    /// `POST /v1/events` and `POST /v1/hooks/{format}`: authenticate, read the body within the limit,
    /// and ingest it in one transaction with the CLI's rules (idempotent, all or nothing).
    func intake(_ request: Request, format: InputFormat, hook: String?) async -> Response {
        let started = ContinuousClock.now
        do {
            if let length = request.headers[.contentLength].flatMap(Int.init), length > settings.bodyLimit { throw tooLarge() }
            var body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: settings.bodyLimit)
            } catch is NIOTooManyBytesError {
                throw tooLarge()
            }
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            let receivedAt = settings.now()
            let token = try await authenticateWrite(request, body: bytes, hook: hook, now: receivedAt)
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
                throw APIError(
                    .badRequest, "the request body is empty", hint: "post the payload as the body (\(hook ?? "native JSON Lines or a JSON array of events"))")
            }
            let options = IngestOptions(listLimit: 5, adapters: AdapterOptions(receivedAt: receivedAt), bulkLoad: false)
            let report = try await executor.ingest(bytes, format: format, options: options)
            let formatName = hook ?? format.rawValue
            metrics.stored(format: formatName, events: report.committed ? report.new : 0, read: report.read, duration: ContinuousClock.now - started)
            return try answer(report, token: token, format: formatName)
        } catch let error as APIError {
            return error.response
        } catch StoreError.busy {
            return APIError(
                .serviceUnavailable, "the store is busy with another writer", hint: "retry shortly; nothing from this request was stored",
                headers: [("Retry-After", "5")]
            ).response
        } catch let error as FormatError {
            return APIError(.badRequest, "\(error)", hint: "send the payload as JSON").response
        } catch {
            return APIError(.internalServerError, "\(error)", hint: "nothing from this request was stored; see the server's log").response
        }
    }

    func tooLarge() -> APIError {
        APIError(
            .contentTooLarge, "the request body is larger than \(settings.bodyLimit) bytes", field: nil,
            hint: "send fewer events per request, or start the server with a larger --max-body")
    }

    /// The token allowed to post here: a bearer token, or on hooks the producer's signature.
    func authenticateWrite(_ request: Request, body: [UInt8], hook: String?, now: Timestamp) async throws -> APIToken {
        let route = hook.map { "/v1/hooks/\($0)" } ?? "/v1/events"
        if let bearer = Self.bearer(request) {
            guard let token = try await executor.read({ [vault] _ in try vault.authenticate(bearer: bearer) }) else {
                throw APIError.unauthorized(
                    "unknown or revoked token", field: "Authorization",
                    hint: "send Authorization: Bearer TOKEN with an active token ('hindsight token list')")
            }
            if let limited = token.format, limited != hook {
                throw APIError(
                    .forbidden, "token '\(token.name)' may only post to /v1/hooks/\(limited)", field: "Authorization",
                    hint: "post to /v1/hooks/\(limited), or create a token without --format for \(route)")
            }
            return token
        }
        if let hook, let scheme = WebhookSignature.presented(in: request.headers) {
            let secrets = try await executor.read { [vault] _ in try vault.signingSecrets(for: hook) }
            return try scheme.verify(body: body, headers: request.headers, secrets: secrets, now: now, replays: replays)
        }
        let schemes = WebhookSignature.allCases.map(\.header).joined(separator: ", ")
        throw APIError.unauthorized(
            "no credentials", field: "Authorization",
            hint: hook == nil
                ? "send Authorization: Bearer TOKEN (create one with 'hindsight token create NAME')"
                : "send Authorization: Bearer TOKEN, or sign the body with a token's secret (\(schemes))")
    }

    /// `Authorization: Bearer X` → X.
    static func bearer(_ request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    /// 200 with the counts when stored; 202 when nothing in it has a native meaning; 400/409 naming
    /// the first problem when nothing was stored.
    func answer(_ report: IngestReport, token: APIToken, format: String) throws -> Response {
        guard report.committed else {
            let issue = report.issues.first
            let more = report.problems > 1 ? " (and \(report.problems - 1) more problem\(report.problems == 2 ? "" : "s"))" : ""
            let conflict = report.invalid == 0 && report.conflicts > 0
            throw APIError(
                conflict ? .conflict : .badRequest, (issue?.description ?? "the body has problems") + more, field: issue?.field,
                hint: conflict
                    ? "stored events are never overwritten; nothing from this request was stored"
                    : "fix the payload and send it again; nothing from this request was stored")
        }
        guard report.read > 0 else {
            throw APIError(.badRequest, "the body holds no \(format) payload", hint: "post one payload, a JSON array of them, or JSON Lines")
        }
        var w = JSONWriter()
        w.int("read", report.read)
        w.int("new", report.new)
        w.int("already_stored", report.duplicates)
        w.int("skipped", report.skipped)
        if !report.skippedReasons.isEmpty {
            w.raw("skipped_reasons", JSONWriter.array(report.skippedReasons.keys.sorted().map(JSONWriter.quoted)))
        }
        w.string("format", report.format)
        w.string("token", token.name)
        let status: HTTPResponse.Status = report.new + report.duplicates == 0 ? .accepted : .ok
        return Self.json(w.finished(), status: status, headers: [ServerHeaders.eventsStored: String(report.new)])
    }
}
