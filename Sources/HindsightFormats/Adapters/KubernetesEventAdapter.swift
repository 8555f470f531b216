import Hindsight

/// Reads Kubernetes `Event` objects, core/v1 and events.k8s.io/v1 (alone, in a `List`'s items via a
/// JSON array, or as a watch event's `object`): rollouts and config changes are changes, container
/// failures (BackOff, OOMKilled, Unhealthy, …) are `crash` signals; routine events are skipped.
package struct KubernetesEventAdapter: PayloadAdapter {
    package var format: InputFormat { .kubernetes }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    /// Whether a payload is an Event, a watch event carrying one, or a list of them
    /// (`kubectl get events -o json`).
    static func isEventOrList(_ v: JSONValue) -> Bool {
        if let items = v["items"]?.arrayValue, v["kind"]?.stringValue?.hasSuffix("List") == true {
            return items.first.map(isEvent) ?? (v["kind"]?.stringValue == "EventList")
        }
        return isEvent(v)
    }

    /// Whether a payload is an Event (or a watch event carrying one).
    static func isEvent(_ v: JSONValue) -> Bool {
        if let object = v["object"], v["type"]?.stringValue != nil, object["kind"]?.stringValue == "Event" { return true }
        if v["kind"]?.stringValue == "Event", v["apiVersion"] != nil { return true }
        let regarding = v["involvedObject"]?.objectValue != nil || v["regarding"]?.objectValue != nil
        let timed = ["firstTimestamp", "lastTimestamp", "eventTime", "deprecatedFirstTimestamp"].contains { v[$0] != nil }
        return regarding && v["reason"] != nil && timed && v["metadata"]?.objectValue != nil
    }

    /// Reasons that are a failure on a container, pod or node: signals of an incident.
    static let failures: Set<String> = [
        "BackOff", "CrashLoopBackOff", "OOMKilled", "OOMKilling", "Unhealthy", "Failed", "FailedCreatePodSandBox",
        "Evicted", "NodeNotReady", "FailedMount", "FailedScheduling", "ProbeError",
    ]
    /// Reasons that are a change rolled out: (reason, kind of change).
    static let changes: [String: EventKind] = [
        "ScalingReplicaSet": .deploy, "RolloutUpdated": .deploy, "RolloutCompleted": .deploy, "DeploymentRollback": .rollback,
        "RolloutAborted": .rollback, "SuccessfulRollout": .deploy,
    ]

    package func records(from p: Payload) -> [DecodedRecord] {
        if let items = p["items"]?.arrayValue {
            return items.indices.flatMap { i in records(from: p.child("items[\(i)]")!) }
        }
        let e = p["object"] != nil && p["type"]?.stringValue != nil ? p.child("object")! : p
        do {
            let reason = try e.requiredString("reason", "a Kubernetes Event has a reason")
            let objectPath = e["regarding"] != nil ? "regarding" : "involvedObject"
            let objectKind = try e.string("\(objectPath).kind") ?? ""
            var d = EventDraft()
            if Self.failures.contains(reason) {
                d.set("kind", EventKind.crash.rawValue)
            } else if let change = Self.changes[reason] {
                d.set("kind", change.rawValue)
            } else if objectKind == "ConfigMap" || objectKind == "Secret" {
                d.set("kind", EventKind.config.rawValue)
            } else {
                return [.skipped(e.location, reason: "Kubernetes event reason '\(reason)' is routine, neither a change nor a failure")]
            }
            // core/v1: firstTimestamp … lastTimestamp over `count`; events.k8s.io/v1: eventTime and its series.
            let first =
                try e.instant("firstTimestamp") ?? e.instant("deprecatedFirstTimestamp") ?? e.instant("eventTime")
                ?? e.requiredInstant("metadata.creationTimestamp", "a Kubernetes Event says when it happened")
            let last = try e.instant("lastTimestamp") ?? e.instant("series.lastObservedTime") ?? e.instant("deprecatedLastTimestamp")
            d.set("time", first.text)
            if let last, last.time > first.time { d.set("end", last.text) }
            let count = e["count"]?.intValue ?? e["series.count"]?.intValue ?? e["deprecatedCount"]?.intValue ?? 1
            if Self.failures.contains(reason) && count > 1 { d.set("count", json: .number(String(count))) }
            let name = try e.requiredString("\(objectPath).name", "a Kubernetes Event names the object it is about")
            let namespace = try e.string("\(objectPath).namespace") ?? e.string("metadata.namespace") ?? "default"
            if let uid = try e.string("metadata.uid") { d.set("id", "kubernetes:\(uid):\(count)") }
            d.set("service", Self.workload(of: name, kind: objectKind), from: e.fullPath("\(objectPath).name"))
            if objectKind == "Pod" {
                d.set("host", name)
            } else if objectKind == "Node" {
                d.set("host", name)
            } else if let host = try e.string("source.host") ?? e.string("deprecatedSource.host") {
                d.set("host", host)
            }
            d.set("summary", try e.string("message") ?? e.string("note") ?? reason)
            d.set("severity", try e.string("type"))
            d.set("actor", try e.string("reportingController") ?? e.string("source.component") ?? e.string("reportingComponent"))
            d.set("source", "kubernetes")
            d.set(
                "labels", json: .object([JSONMember(key: "namespace", value: .string(namespace)), JSONMember(key: "object_kind", value: .string(objectKind))]))
            d.setAttributes([
                ("reason", .string(reason)), ("object", .string("\(objectKind)/\(namespace)/\(name)")),
                ("fieldPath", e["\(objectPath).fieldPath"]),
            ])
            return [d.record(at: e.location, format: format)]
        } catch {
            return [.invalid(e.issue(from: error))]
        }
    }

    /// The workload a pod or replica set belongs to, by Kubernetes' naming: `web-7d4b9c8f6-x2k9q` → `web`
    /// (Deployment pod), `stanza-g6rzd` → `stanza` (DaemonSet pod), `db-0` → `db` (StatefulSet pod).
    static func workload(of name: String, kind: String) -> String {
        var parts = name.split(separator: "-").map(String.init)
        guard parts.count > 1 else { return name }
        switch kind {
        case "Pod":
            parts.removeLast()
            if parts.count > 1, let hash = parts.last, isHash(hash) { parts.removeLast() }
        case "ReplicaSet":
            if let hash = parts.last, isHash(hash) { parts.removeLast() }
        default:
            return name
        }
        return parts.joined(separator: "-")
    }

    /// A pod-template hash: 5 to 10 lowercase letters and digits with at least one digit.
    static func isHash(_ s: String) -> Bool {
        (5...10).contains(s.count) && s.allSatisfy { $0.isLowercase || $0.isNumber } && s.contains { $0.isNumber }
    }
}
