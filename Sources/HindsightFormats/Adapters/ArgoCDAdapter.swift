import Hindsight

/// Reads Argo CD notifications whose template sends the Application (`{{toJson .app}}`, alone or as
/// `{"app": …}`): the sync operation is one `deploy` in stages (Running → started, Succeeded → succeeded,
/// Failed/Error → failed) keyed by the operation's start, and a Degraded health is an `alert`.
package struct ArgoCDAdapter: PayloadAdapter {
    package var format: InputFormat { .argocd }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    /// The path of the Application in a payload: the payload itself or its `app` / `application` member.
    static func application(in v: JSONValue) -> String? {
        func isApp(_ a: JSONValue?) -> Bool {
            guard let a, a["metadata"]?["name"] != nil else { return false }
            if a["kind"]?.stringValue == "Application", a["apiVersion"]?.stringValue?.hasPrefix("argoproj.io/") == true { return true }
            return a["status"]?["operationState"] != nil || (a["status"]?["sync"] != nil && a["status"]?["health"] != nil)
        }
        if isApp(v) { return "" }
        for key in ["app", "application"] where isApp(v[key]) { return key }
        return nil
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        guard let path = Self.application(in: p.value) else {
            return [.invalid(p.issue("app", "is missing; Hindsight reads Argo CD notifications that carry the Application ({{toJson .app}})"))]
        }
        let app = path.isEmpty ? p : p.child(path)!
        var out: [DecodedRecord] = []
        do {
            if app.isObject("status.operationState") { out.append(try sync(app, in: p)) }
            if try app.string("status.health.status") == "Degraded" { out.append(try degraded(app, in: p)) }
            if out.isEmpty { out.append(.skipped(p.location, reason: "Argo CD Application without a sync operation or a degraded health")) }
        } catch {
            out.append(.invalid(p.issue(from: error)))
        }
        return out
    }

    func common(_ app: Payload, _ d: inout EventDraft) throws -> String {
        let name = try app.requiredString("metadata.name", "an Application has a name")
        let labels = app.members("metadata.labels")
        func label(_ k: String) -> String? { labels.first { $0.key == k }?.value.stringValue }
        d.set("service", label("app.kubernetes.io/name") ?? name)
        d.set("environment", label("environment") ?? label("env"))
        d.set("source", "argocd")
        return "\(try app.string("metadata.namespace") ?? "argocd")/\(name)"
    }

    func sync(_ app: Payload, in p: Payload) throws -> DecodedRecord {
        let op = app.child("status.operationState")!
        let phase = try op.requiredString("phase", "a sync operation has a phase")
        var d = EventDraft()
        switch phase {
        case "Running", "Terminating": d.set("status", "started")
        case "Succeeded": d.set("status", "succeeded")
        case "Failed", "Error": d.set("status", "failed")
        default: return .skipped(p.location, reason: "Argo CD operation phase '\(phase)' has no Hindsight meaning")
        }
        d.set("kind", EventKind.deploy.rawValue)
        let start = try op.requiredInstant("startedAt", "a sync operation says when it started")
        d.set("time", start.text, from: op.fullPath("startedAt"))
        if phase != "Running", let end = try op.instant("finishedAt"), end.time > start.time { d.set("end", end.text, from: op.fullPath("finishedAt")) }
        let key = try common(app, &d)
        d.set("id", "argocd:\(key):\(start.time.rfc3339)")
        d.set("version", try op.string("syncResult.revision") ?? op.string("operation.sync.revision") ?? app.string("status.sync.revision"))
        d.set("summary", "sync \(key)")
        d.set("actor", try op.string("operation.initiatedBy.username") ?? (op["operation.initiatedBy.automated"] == .bool(true) ? "automated" : nil))
        d.setAttributes([
            ("phase", .string(phase)), ("message", op["message"]), ("repoURL", app["spec.source.repoURL"]),
            ("destination", app["spec.destination"]),
        ])
        return d.record(at: p.location, format: format)
    }

    func degraded(_ app: Payload, in p: Payload) throws -> DecodedRecord {
        var d = EventDraft()
        d.set("kind", EventKind.alert.rawValue)
        d.set("status", "firing")
        let path =
            app["status.health.lastTransitionTime"] != nil
            ? "status.health.lastTransitionTime"
            : app["status.reconciledAt"] != nil ? "status.reconciledAt" : "status.operationState.finishedAt"
        d.set("time", try app.requiredInstant(path, "a degraded Application says when its health changed").text, from: app.fullPath(path))
        let key = try common(app, &d)
        d.set("summary", "\(key) health degraded\(try app.string("status.health.message").map { ": \($0)" } ?? "")")
        d.set("version", try app.string("status.sync.revision"))
        return d.record(at: p.location, format: format)
    }
}
