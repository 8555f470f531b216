import HTTPTypes
import Hindsight
import HindsightStore
import Hummingbird

extension HindsightServer {
    /// `GET /v1/changes/{id}/verdict[?at=T]`: the guard's JSON, 200 whatever the verdict (Argo Rollouts' web provider
    /// reads it with a `successCondition`); 404 for an unknown change, 400 for a bad `at`.
    func verdictJSON(_ id: String, query: Parameters) async throws -> String {
        let at = try Self.time(query, "at") ?? settings.now()
        let options = settings.guardOptions
        return try await executor.read { store in try store.guardVerdict(change: id, at: at, options: options).json }
    }

    /// `POST /v1/gates/flagger`: Flagger's webhook. The change is `metadata.change`, else the change in progress on the
    /// service the canary is named after (or `metadata.service`). 200 to go on (healthy, or inconclusive unless
    /// `metadata.strict`), 403 to halt (failing), 409 for an inconclusive verdict when strict. The body is the verdict's
    /// JSON with `gate` (`go` or `halt`) and the canary it answered.
    func flaggerGate(_ request: Request) async -> Response {
        do {
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: settings.gateLimit))
            let flagger = try FlaggerRequest(body: body)
            let now = settings.now()
            let options = settings.guardOptions
            let answer = try await executor.read { store -> (verdict: GuardVerdict?, missing: String) in
                if let id = flagger.metadata["change"], !id.isEmpty {
                    do {
                        return (try store.guardVerdict(change: id, at: now, options: options), "")
                    } catch GuardError.unknownChange {
                        return (nil, "Hindsight has no change '\(id)' yet: send the deploy event before the canary starts")
                    }
                }
                guard let change = try store.changeInProgress(on: flagger.service, now: now, options: options) else {
                    return (
                        nil,
                        "no change is rolling out on '\(flagger.service)' (none in the last \(options.watchWindow)): send the deploy event, "
                            + "or name the change in metadata.change"
                    )
                }
                return (try store.guardVerdict(change: change.id, at: now, options: options), "")
            }
            let outcome = answer.verdict?.outcome ?? .inconclusive
            let status: HTTPResponse.Status =
                switch outcome {
                case .healthy: .ok
                case .failing: .forbidden
                case .inconclusive: flagger.strict ? .conflict : .ok
                }
            let json = answer.verdict?.json ?? Self.noChangeJSON(missing: answer.missing, at: now)
            var gate = JSONWriter()
            gate.string("gate", status == .ok ? "go" : "halt")
            gate.string("canary", flagger.namespace.map { "\($0)/\(flagger.name)" } ?? flagger.name)
            gate.nullable("phase", flagger.phase.map(JSONWriter.quoted))
            gate.bool("strict", flagger.strict)
            return Self.json(String(json.dropLast()) + "," + String(gate.finished().dropFirst()), status: status)
        } catch {
            return Self.apiError(error).response
        }
    }

    /// The verdict JSON's shape when there is no change to judge: inconclusive, with what is missing.
    static func noChangeJSON(missing: String, at: Timestamp) -> String {
        var w = JSONWriter()
        w.nullable("change", nil)
        w.string("verdict", GuardVerdict.Outcome.inconclusive.rawValue)
        w.nullable("confidence", nil)
        w.raw("evidence", "[]")
        w.nullable("exposure", nil)
        w.stringArray("missing", [missing])
        w.string("summary", "inconclusive: \(missing)")
        w.string("evaluated_at", at.rfc3339)
        return w.finished()
    }
}
