import HTTPTypes
import Hindsight
import HindsightFormats
import HindsightStore
import Hummingbird
import NIOCore

extension HindsightServer {
    /// `POST /v1/events` and `POST /v1/hooks/{format}`: the group's middleware has authenticated the
    /// request and bounds its body; ingest it in one transaction with the CLI's rules (idempotent, all
    /// or nothing).
    func intake(_ request: Request, context: ServerContext, format: InputFormat, hook: HookFormat? = nil) async -> Response {
        let started = ContinuousClock.now
        do {
            var bytes = try await request.collectedBody()
            let receivedAt = settings.now()
            // CloudEvents in binary content mode carry their attributes in headers: rebuilt as the structured event.
            if format == .cloudevents || format == .cdevents {
                do throws(CloudEventsBindingError) {
                    bytes = try CloudEventsHTTPBinding.body(headers: request.headers.map { ($0.name.canonicalName, $0.value) }, body: bytes)
                } catch {
                    throw APIError(
                        .badRequest, "\(error)", field: error.header,
                        hint: "send the CloudEvent as the HTTP binding defines it (binary: ce-* headers and the data as the body; "
                            + "structured: Content-Type application/cloudevents+json)")
                }
            }
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
                throw APIError(
                    .badRequest, "the request body is empty",
                    hint: "post the payload as the body (\(hook?.name ?? "native JSON Lines or a JSON array of events"))")
            }
            var adapters = settings.adapters
            adapters.receivedAt = receivedAt
            if let mapping = hook?.mapping { adapters.mappings = [mapping] }
            let options = IngestOptions(listLimit: 5, adapters: adapters, bulkLoad: false)
            let report = try await executor.ingest(bytes, format: format, options: options)
            let formatName = hook?.name ?? format.rawValue
            metrics.stored(format: formatName, events: report.committed ? report.new : 0, read: report.read, duration: ContinuousClock.now - started)
            return try answer(report, token: context.principal?.name ?? "", format: formatName)
        } catch let error as APIError {
            return error.response
        } catch StoreError.busy, StoreError.writeConflict {
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

    /// 200 with the counts when stored; 202 when nothing in it has a native meaning; 400/409 naming
    /// the first problem when nothing was stored.
    func answer(_ report: IngestReport, token: String, format: String) throws -> Response {
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
        w.string("token", token)
        let status: HTTPResponse.Status = report.new + report.duplicates == 0 ? .accepted : .ok
        return Self.json(w.finished(), status: status, headers: [ServerHeaders.eventsStored: String(report.new)])
    }
}
