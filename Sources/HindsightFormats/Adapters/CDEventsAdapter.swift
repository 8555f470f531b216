import Hindsight

/// Reads CDEvents: spec 0.3 and 0.4 (`context.version`) and 0.5 or later (`context.specversion`).
/// Service and incident events have a Hindsight meaning; other types are skipped and counted.
package struct CDEventsAdapter: PayloadAdapter {
    package var format: InputFormat { .cdevents }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    /// The context of one CDEvent, from its own `context` or from the CloudEvent carrying it,
    /// with the path each value came from for messages.
    struct Context {
        var type: String
        var id: String?
        var source: String?
        var timestamp: String
        var timestampPath: String
        var specVersion: String?
        var chainID: String?
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        // A CDEvent posted inside its CloudEvent (structured, or rebuilt from binary mode) is read as one.
        if p["context"] == nil, p["specversion"] != nil, p["type"] != nil {
            return CloudEventsAdapter(options: options).records(from: p)
        }
        do {
            guard p.isObject("context") else {
                throw p.issue("context", "is missing; a CDEvent has a context object with id, source, type and timestamp")
            }
            guard let subject = p.child("subject"), subject.value.objectValue != nil else {
                throw p.issue("subject", "is missing; a CDEvent has a subject object with an id and content")
            }
            let context = Context(
                type: try p.requiredString("context.type", "a CDEvent names its type, like dev.cdevents.service.deployed.0.3.0"),
                id: try p.text("context.id"),
                source: try p.string("context.source"),
                timestamp: try p.requiredInstant("context.timestamp", "a CDEvent says when it happened").text,
                timestampPath: "context.timestamp",
                specVersion: try p.string("context.specversion") ?? p.string("context.version"),
                chainID: try p.string("context.chainId"))
            return [map(context, subject: subject, customData: p["customData"], in: p)]
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }

    /// Maps one CDEvent given its context; `payload` places messages (the CDEvent or its CloudEvent).
    func map(_ c: Context, subject s: Payload, customData: JSONValue?, in payload: Payload) -> DecodedRecord {
        let name = Self.typeName(c.type)
        if let stage = Self.runStages[name] { return run(c, stage: stage, subject: s, customData: customData, in: payload) }
        guard let meaning = Self.meanings[name] else {
            return .skipped(payload.location, reason: "CDEvents type \(name) has no Hindsight meaning")
        }
        do {
            var d = EventDraft()
            d.set("kind", meaning.kind.rawValue)
            d.set("status", meaning.status)
            d.set("time", c.timestamp, from: c.timestampPath)
            // The type, with its version, is part of the id: producers (the spec's own examples among them)
            // reuse one context id for different events and spec versions, which would otherwise conflict.
            if let id = c.id { d.set("id", "cdevents:\(id):\(c.type.hasPrefix("dev.cdevents.") ? String(c.type.dropFirst(13)) : c.type)") }
            d.set("source", c.source)
            d.set("environment", try s.string("content.environment.id"), from: s.fullPath("content.environment.id"))
            d.set("version", try s.string("content.artifactId"), from: s.fullPath("content.artifactId"))
            let service: String
            if name.hasPrefix("dev.cdevents.service.") {
                service = try s.requiredString("id", "a CDEvents service event names the service in its subject id")
                d.set("service", service, from: s.fullPath("id"))
                let env = try s.string("content.environment.id").map { " \(meaning.preposition) \($0)" } ?? ""
                d.set("summary", "\(service) \(meaning.verb)\(env)")
            } else {
                service = try s.requiredString(
                    "content.service.id", "Hindsight needs the service the incident is about; add subject.content.service")
                d.set("service", service, from: s.fullPath("content.service.id"))
                d.set(
                    "incident", try s.requiredString("id", "a CDEvents incident event names the incident in its subject id"),
                    from: s.fullPath("id"))
                d.set("summary", try s.string("content.description") ?? "incident \(meaning.verb)")
                d.set("url", try s.string("content.ticketURI"), from: s.fullPath("content.ticketURI"))
            }
            d.setAttributes([
                ("type", .string(c.type)),
                ("specversion", c.specVersion.map(JSONValue.string)),
                ("chainId", c.chainID.map(JSONValue.string)),
                ("customData", customData),
            ])
            return d.record(at: payload.location, format: format)
        } catch {
            return .invalid(payload.issue(from: error))
        }
    }

    /// `dev.cdevents.service.deployed.0.3.0` → `dev.cdevents.service.deployed` (the version suffix does not change
    /// the meaning; early specs wrote `pipelineRun`, later ones `pipelinerun`).
    static func typeName(_ type: String) -> String {
        let parts = type.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count > 4 else { return type.lowercased() }
        return parts.prefix(4).joined(separator: ".").lowercased()
    }

    /// Pipeline and task run stages: the run of a deploy pipeline is one change reported in stages.
    static let runStages: [String: String] = [
        "dev.cdevents.pipelinerun.queued": "queued", "dev.cdevents.pipelinerun.started": "started",
        "dev.cdevents.pipelinerun.finished": "finished",
        "dev.cdevents.taskrun.started": "started", "dev.cdevents.taskrun.finished": "finished",
    ]

    /// A stage of a deploy pipeline's run (by `AdapterOptions.deployWorkflowPattern` on its name): queued
    /// and started are the start, finished (with its outcome) the finish; all share the id
    /// `cdevents:<run type>:<subject id>` so the store merges them into one `deploy`.
    func run(_ c: Context, stage: String, subject s: Payload, customData: JSONValue?, in payload: Payload) -> DecodedRecord {
        do {
            let runType = Self.typeName(c.type).split(separator: ".")[2]
            let pipeline = try s.string("content.pipelineName") ?? s.string("content.taskName") ?? ""
            guard options.isDeployWorkflow(pipeline) else {
                return .skipped(
                    payload.location, reason: "CDEvents \(runType) '\(pipeline)' is not a deploy pipeline (name pattern '\(options.deployWorkflowPattern)')")
            }
            var d = EventDraft()
            d.set("kind", EventKind.deploy.rawValue)
            d.set("time", c.timestamp, from: c.timestampPath)
            if stage == "finished" {
                let outcome = try s.string("content.outcome") ?? "success"
                d.set("status", outcome == "success" ? "succeeded" : "failed")
            } else {
                d.set("status", "started")
            }
            let runID = try s.requiredString("id", "a CDEvents run names itself in its subject id")
            d.set("id", "cdevents:\(runType):\(runID)")
            let custom = customData.map { Payload($0, path: "customData", location: payload.location, format: format.rawValue) }
            d.set("service", try custom?.string("service") ?? pipeline)
            d.set("environment", try custom?.string("environment"))
            d.set("version", try custom?.string("version") ?? custom?.string("artifactId"))
            d.set("url", try s.string("content.url") ?? s.string("content.uri"))
            d.set("source", c.source)
            d.set("summary", "\(pipeline) run \(runID)")
            d.setAttributes([("pipeline", .string(pipeline)), ("errors", s["content.errors"]), ("customData", customData)])
            return d.record(at: payload.location, format: format)
        } catch {
            return .invalid(payload.issue(from: error))
        }
    }

    struct Meaning {
        var kind: EventKind
        var status: String?
        var verb: String
        var preposition = "in"
    }

    /// The CDEvents types with a Hindsight meaning (docs/formats.md explains each choice).
    static let meanings: [String: Meaning] = [
        "dev.cdevents.service.deployed": Meaning(kind: .deploy, verb: "deployed", preposition: "to"),
        "dev.cdevents.service.upgraded": Meaning(kind: .deploy, verb: "upgraded"),
        "dev.cdevents.service.rolledback": Meaning(kind: .rollback, verb: "rolled back"),
        "dev.cdevents.service.published": Meaning(kind: .release, verb: "published"),
        // Taking a service away changes what runs in the environment, so it stays a candidate
        // trigger; `attributes.type` tells it from a deploy.
        "dev.cdevents.service.removed": Meaning(kind: .deploy, verb: "removed", preposition: "from"),
        "dev.cdevents.incident.detected": Meaning(kind: .alert, status: "firing", verb: "detected"),
        "dev.cdevents.incident.reported": Meaning(kind: .report, verb: "reported"),
        "dev.cdevents.incident.resolved": Meaning(kind: .incident, status: "resolved", verb: "resolved"),
    ]
}
