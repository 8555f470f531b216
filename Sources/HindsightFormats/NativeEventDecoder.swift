import Hindsight

/// Validates native fields into an `Event`, enforcing every rule of EVENTS.md.
package enum NativeEventDecoder {
    /// Builds an event from the fields of one record; the first rule broken is thrown.
    package static func decode(_ fields: [NativeField], at location: SourceLocation, format: String = "native") throws(IngestIssue) -> Event {
        func fail(_ field: String?, _ message: String) -> IngestIssue {
            IngestIssue(location: location, field: field, message: message, format: format)
        }
        var time: Timestamp?
        var kind: EventKind?
        var service: String?
        var id: String?
        var environment = Event.defaultEnvironment
        var summary: String?
        var end: Timestamp?
        var version: String?
        var reverts: String?
        var status: String?
        var incident: String?
        var severity: String?
        var title: String?
        var host: String?
        var actor: String?
        var source: String?
        var url: String?
        var attributes: String?
        var verdict: String?
        var change: String?
        var action: String?
        var owner: String?
        var due: String?
        var commitTime: Timestamp?
        var priority: String?
        var actionType: String?
        var retracts: String?
        var count = 1
        var scope: Scope?
        var labels: Labels?
        var seen = Set<String>()

        for f in fields {
            guard seen.insert(f.key).inserted else { throw fail(f.key, "appears twice; keep one") }
            if case .null = f.value {
                if Event.fieldNames.contains(f.key) { continue }
            }
            func string() throws(IngestIssue) -> String {
                guard case .string(let s) = f.value else {
                    throw fail(f.key, "must be a string, not \(f.value.typeName)")
                }
                try refuseNUL(s, f.key, fail)
                return s
            }
            func nonEmpty() throws(IngestIssue) -> String {
                let s = try string()
                guard !s.isEmpty else { throw fail(f.key, "is empty; give a value or leave the field out") }
                return s
            }
            func instant() throws(IngestIssue) -> Timestamp {
                switch Timestamp.parse(try string()) {
                case .success(let t): return t
                case .failure(let e): throw fail(f.key, e.description)
                }
            }
            switch f.key {
            case "time": time = try instant()
            case "kind":
                let k = try string()
                guard let parsed = EventKind(rawValue: k) else {
                    let all = EventKind.allCases.map(\.rawValue)
                    let hint = Suggest.nearest(k, in: all).map { "did you mean '\($0)'? " } ?? ""
                    throw fail("kind", "unknown kind '\(k)'; \(hint)use one of \(all.joined(separator: ", "))")
                }
                kind = parsed
            case "service": service = try nonEmpty()
            case "id": id = try nonEmpty()
            case "environment": environment = try nonEmpty()
            case "summary": summary = try string()
            case "end": end = try instant()
            case "version": version = try nonEmpty()
            case "reverts": reverts = try nonEmpty()
            case "status": status = try nonEmpty()
            case "incident": incident = try nonEmpty()
            case "severity": severity = try nonEmpty()
            case "title": title = try string()
            case "host": host = try nonEmpty()
            case "actor": actor = try string()
            case "source": source = try string()
            case "url": url = try string()
            case "count":
                guard case .number(let n) = f.value, let c = Int(n) else {
                    throw fail("count", "must be a whole number of occurrences (1 or more), not \(f.value.json)")
                }
                guard c >= 1 else { throw fail("count", "is \(c); it must be 1 or more (leave it out for a single occurrence)") }
                count = c
            case "scope": scope = try decodeScope(f, fail)
            case "labels": labels = try decodeLabels(f, fail)
            case "attributes":
                attributes = f.raw ?? f.value.json
            case "verdict": verdict = try nonEmpty()
            case "change": change = try nonEmpty()
            case "action": action = try nonEmpty()
            case "owner": owner = try nonEmpty()
            case "due": due = try nonEmpty()
            case "commit_time": commitTime = try instant()
            case "priority": priority = try nonEmpty()
            case "action_type": actionType = try nonEmpty()
            case "retracts": retracts = try nonEmpty()
            default:
                let hint =
                    Suggest.nearest(f.key, in: Event.fieldNames).map { "did you mean '\($0)'?" }
                    ?? "known fields are \(Event.fieldNames.joined(separator: ", "))"
                throw fail(f.key, "unknown field; \(hint) (put extra data under 'attributes')")
            }
        }

        guard let time else { throw fail("time", "is missing; every event needs an RFC 3339 time such as 2024-07-19T04:09:00Z") }
        guard let kind else {
            throw fail("kind", "is missing; use one of \(EventKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let service else { throw fail("service", "is missing; name the service the event is about, or '*' for every service") }
        if let broken = brokenRule(time: time, kind: kind, end: end, reverts: reverts, status: status, incident: incident) {
            throw fail(broken.field, broken.message)
        }
        let event = Event(
            id: id, time: time, kind: kind, service: service, environment: environment, summary: summary,
            end: end, version: version, reverts: reverts, status: status, incident: incident,
            severity: severity, title: title, host: host, count: count, scope: scope, actor: actor,
            source: source, url: url, labels: labels, attributes: attributes, verdict: verdict, change: change,
            action: action, owner: owner, due: due, commitTime: commitTime, priority: priority, actionType: actionType,
            retracts: retracts)
        try checkRetrospectiveFields(event, fail)
        return event
    }

    /// The first rule across fields that a record with all its required fields breaks, if any.
    static func brokenRule(
        time: Timestamp, kind: EventKind, end: Timestamp?, reverts: String?, status: String?, incident: String?
    ) -> (field: String, message: String)? {
        if let end, end < time {
            return ("end", "\(end.rfc3339) is before 'time' \(time.rfc3339); a range must not end before it starts")
        }
        if reverts != nil && kind != .rollback {
            return ("reverts", "only a rollback reverts a change; make the kind 'rollback' or drop 'reverts'")
        }
        if let status, let allowed = kind.allowedStatuses, !allowed.contains(status) {
            let hint = Suggest.nearest(status, in: allowed).map { "did you mean '\($0)'? " } ?? ""
            return ("status", "'\(status)' is not a status of a \(kind.rawValue) event; \(hint)use one of \(allowed.joined(separator: ", "))")
        }
        if kind == .incident && incident == nil {
            return ("incident", "is missing; an incident event needs the incident's id in 'incident'")
        }
        return nil
    }

    /// U+0000 in a text field: PostgreSQL text cannot hold it, and SQLite would hand back the text cut at
    /// it, so it is refused on every path rather than stored as one thing and returned as another.
    static func refuseNUL(_ text: String, _ field: String, _ fail: (String?, String) -> IngestIssue) throws(IngestIssue) {
        guard text.utf8.contains(0) else { return }
        throw fail(field, "contains the character U+0000 (NUL, written \\u0000 in JSON), which Hindsight does not store in text; remove it")
    }

    static func decodeLabels(_ f: NativeField, _ fail: (String?, String) -> IngestIssue) throws(IngestIssue) -> Labels {
        guard case .object(let members) = f.value else {
            throw fail("labels", "must be an object of string values, like {\"region\":\"eu-west-1\"}")
        }
        var pairs: [(key: String, value: String)] = []
        for m in members {
            guard case .string(let v) = m.value else {
                throw fail("labels.\(m.key)", "must be a string, not \(m.value.typeName); quote it")
            }
            try refuseNUL(m.key, "labels", fail)
            try refuseNUL(v, "labels.\(m.key)", fail)
            pairs.append((m.key, v))
        }
        return Labels(pairs: pairs, json: f.raw ?? f.value.json)
    }

    static func decodeScope(_ f: NativeField, _ fail: (String?, String) -> IngestIssue) throws(IngestIssue) -> Scope {
        guard case .object(let members) = f.value else {
            throw fail("scope", "must be an object such as {\"percent\": 10, \"regions\": [\"eu-west-1\"]}")
        }
        var percent: Double?
        var hosts: Int?
        var ring: String?
        var regions: [String] = []
        for m in members {
            switch m.key {
            case "percent":
                guard let p = m.value.doubleValue else { throw fail("scope.percent", "must be a number from 0 to 100, not \(m.value.typeName)") }
                guard p >= 0 && p <= 100 else { throw fail("scope.percent", "is \(m.value.json); it must be from 0 to 100") }
                percent = p
            case "hosts":
                guard let h = m.value.intValue, h >= 0 else {
                    throw fail("scope.hosts", "must be a whole number of hosts (0 or more), not \(m.value.json)")
                }
                hosts = h
            case "regions":
                guard let items = m.value.arrayValue else { throw fail("scope.regions", "must be an array of strings such as [\"us-east-1\"]") }
                for item in items {
                    guard let s = item.stringValue else { throw fail("scope.regions", "must hold strings only, not \(item.typeName)") }
                    try refuseNUL(s, "scope.regions", fail)
                    regions.append(s)
                }
            case "ring":
                guard let s = m.value.stringValue else { throw fail("scope.ring", "must be a string such as \"canary\"") }
                try refuseNUL(s, "scope.ring", fail)
                ring = s
            default:
                let hint =
                    Suggest.nearest(m.key, in: Scope.fields).map { "did you mean '\($0)'?" }
                    ?? "known fields are \(Scope.fields.joined(separator: ", "))"
                throw fail("scope.\(m.key)", "unknown field; \(hint)")
            }
        }
        return Scope(percent: percent, hosts: hosts, regions: regions, ring: ring, json: f.raw ?? f.value.json)
    }
}
