import Hindsight
import HindsightFormats

extension IncidentAnalysis {
    /// The analysis a stored summary holds, read back from its `analyze --json` text: what the views that
    /// read summaries show (metrics, trigger and candidates, verdicts, blast radius, signals, findings), as a
    /// fresh analysis has it. Events come back with the fields the text carries (id, kind, service, time,
    /// version); durations from their times; `conflicts`, which only `analyze` prints, is not read back.
    package init(summaryJSON text: String) throws {
        let root: JSONValue
        do { root = try JSONParser.parse(text) } catch {
            throw StoreError.database("a stored incident summary is not JSON (\(error)); run 'hindsight migrate'")
        }
        func string(_ v: JSONValue?) -> String? { v?.stringValue }
        func time(_ v: JSONValue?) -> Timestamp? {
            guard let s = v?.stringValue, case .success(let t) = Timestamp.parse(s) else { return nil }
            return t
        }
        func strings(_ v: JSONValue?) -> [String] { v?.arrayValue?.compactMap(\.stringValue) ?? [] }
        func bool(_ v: JSONValue?) -> Bool? {
            if case .bool(let b)? = v { return b }
            return nil
        }
        func event(_ v: JSONValue) -> Event? {
            guard let id = string(v["id"]), let t = time(v["time"]) else { return nil }
            let kind = string(v["kind"]).flatMap(EventKind.init(rawValue:)) ?? .deploy
            return Event(id: id, time: t, kind: kind, service: string(v["service"]) ?? Event.globalService, version: string(v["version"]))
        }
        func candidate(_ v: JSONValue) -> Candidate? {
            guard let change = event(v) else { return nil }
            let steps = strings(v["rollout_steps"]).map { Event(id: $0, time: change.time, kind: change.kind, service: change.service) }
            return Candidate(change: change, score: v["score"]?.doubleValue ?? 0, reasons: strings(v["reasons"]), rolloutSteps: steps)
        }

        self.init(incident: string(root["incident"]) ?? "", services: strings(root["services"]))
        title = string(root["title"])
        severity = string(root["severity"])
        status = string(root["status"])
        impactStart = time(root["impact_start"])
        detectedAt = time(root["detected_at"])
        detectedBy = string(root["detected_by"])
        firstExternalReportAt = time(root["first_external_report_at"])
        mitigatedAt = time(root["mitigated_at"])
        mitigatedBy = string(root["mitigated_by"])
        resolvedAt = time(root["resolved_at"])
        // From the times, to the millisecond, where the text states the metric (it is null when its events disagree).
        if let start = impactStart {
            if root["detection_lag_seconds"]?.intValue != nil { detectionLag = detectedAt.map { $0 - start } }
            if root["time_to_mitigate_seconds"]?.intValue != nil { timeToMitigate = mitigatedAt.map { $0 - start } }
            if root["time_to_resolve_seconds"]?.intValue != nil { timeToResolve = resolvedAt.map { $0 - start } }
        }
        detectedExternallyFirst = bool(root["detected_externally_first"])
        verdicts = (root["verdicts"]?.arrayValue ?? []).compactMap { v in
            guard let change = string(v["change"]), let decision = string(v["verdict"]).flatMap(TeamVerdict.Decision.init(rawValue:)),
                let at = time(v["at"])
            else { return nil }
            return TeamVerdict(
                incident: incident, change: change, decision: decision, by: string(v["by"]), why: string(v["why"]), time: at,
                eventID: string(v["event"]) ?? "")
        }
        if let t = root["trigger"], case .object = t {
            trigger = candidate(t)
            if let at = time(t["confirmed_at"]), let id = trigger?.change.id {
                let event = verdicts.last { $0.change == id && $0.decision == .confirmed && $0.time == at }?.eventID ?? ""
                confirmation = TeamVerdict(
                    incident: incident, change: id, decision: .confirmed, by: string(t["confirmed_by"]), why: string(t["confirmed_why"]), time: at,
                    eventID: event)
            }
        }
        if let c = root["correlator_trigger"], case .object = c { correlatorTrigger = candidate(c) }
        abstention = string(root["abstention"])
        candidates = (root["candidates"]?.arrayValue ?? []).compactMap(candidate)
        if let l = root["latent_change"], case .object = l {
            latentChange = event(l)
            latentReason = string(l["reason"])
        }
        if let r = root["rollback"], case .object = r, let id = string(r["id"]), let t = time(r["time"]) {
            rollback = Event(id: id, time: t, kind: .rollback, service: trigger?.change.service ?? Event.globalService)
        }
        if let b = root["blast_radius"] {
            blastRadius = BlastRadius(
                hosts: b["hosts"]?.intValue ?? 0, crashes: b["crashes"]?.intValue ?? 0, services: strings(b["services"]), regions: strings(b["regions"]))
            if let e = b["exposure"], case .object = e {
                blastRadius.exposure = Scope(
                    percent: e["percent"]?.doubleValue, hosts: e["hosts"]?.intValue, regions: strings(e["regions"]), ring: string(e["ring"]), json: e.json)
            }
        }
        signals = (root["signals"]?.arrayValue ?? []).compactMap { s in
            guard let kind = string(s["kind"]).flatMap(EventKind.init(rawValue:)), let first = time(s["first"]), let last = time(s["last"]) else {
                return nil
            }
            return SignalSummary(
                kind: kind, events: s["events"]?.intValue ?? 0, occurrences: s["occurrences"]?.intValue ?? 0, hosts: s["hosts"]?.intValue ?? 0,
                first: first, last: last)
        }
        findings = (root["findings"]?.arrayValue ?? []).compactMap { f in
            guard let practice = string(f["practice"]) else { return nil }
            return Finding(practice: practice, ok: bool(f["ok"]), detail: string(f["detail"]) ?? "")
        }
    }
}
