import Hindsight

/// Reads Flux notification-controller events (the generic webhook body): a reconciliation of a
/// Kustomization or HelmRelease is a `deploy` of its revision, failed when Flux reports an error;
/// a failed health check is an `alert`. Source events (a new artifact fetched) are skipped.
package struct FluxAdapter: PayloadAdapter {
    package var format: InputFormat { .flux }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    static let appliers: Set<String> = ["Kustomization", "HelmRelease"]

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            let kind = try p.requiredString("involvedObject.kind", "a Flux event names the object it is about")
            let name = try p.requiredString("involvedObject.name", "a Flux event names the object it is about")
            let reason = try p.string("reason") ?? ""
            let severity = try p.string("severity") ?? "info"
            guard Self.appliers.contains(kind) else {
                return [.skipped(p.location, reason: "Flux \(kind) events report sources, not changes applied")]
            }
            var d = EventDraft()
            if reason.hasPrefix("HealthCheck") && severity == "error" {
                d.set("kind", EventKind.alert.rawValue)
                d.set("status", "firing")
            } else {
                d.set("kind", EventKind.deploy.rawValue)
                d.set("status", severity == "error" ? "failed" : reason == "Progressing" ? "started" : "succeeded")
            }
            d.set("time", try p.requiredInstant("timestamp", "a Flux event says when it happened").text, from: "timestamp")
            // The revision is under `<group>/revision` (Flux v2) or `revision`.
            let revision = p.members("metadata").first { $0.key == "revision" || $0.key.hasSuffix("/revision") }?.value.stringValue
            let namespace = try p.string("involvedObject.namespace") ?? "default"
            if let revision, d.fields.contains(where: { $0.key == "kind" && $0.value == .string("deploy") }) {
                d.set("id", "flux:\(kind)/\(namespace)/\(name):\(revision)")
            }
            d.set("service", name, from: "involvedObject.name")
            d.set("version", revision)
            d.set("summary", try p.string("message") ?? "\(kind) \(name): \(reason)")
            d.set("severity", severity)
            d.set("actor", try p.string("reportingController"))
            d.set("source", "flux")
            d.set("labels", json: .object([JSONMember(key: "namespace", value: .string(namespace))]))
            d.setAttributes([
                ("reason", .string(reason)), ("object", .string("\(kind)/\(namespace)/\(name)")),
                ("reportingInstance", p["reportingInstance"]),
            ])
            return [d.record(at: p.location, format: format)]
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }
}
