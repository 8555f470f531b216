import Hindsight

/// Reads the Jenkins Notification plugin's job status (`{"name": JOB, "build": {"phase", "status", …}}`):
/// the build of a deploy job (its name matching the deploy pattern) is a `deploy` in stages — STARTED,
/// then COMPLETED and FINALIZED (FINISHED in the plugin's first versions, and in the ZMQ event
/// publisher that copies its format) with the build's result. The plugin's documentation suggests
/// endpoints listen to "Job Finalized" only, so either final phase alone is the deploy's end.
package struct JenkinsAdapter: PayloadAdapter {
    package var format: InputFormat { .jenkins }
    package let options: AdapterOptions

    package init(options: AdapterOptions = AdapterOptions()) {
        self.options = options
    }

    /// Whether `v` is a Notification plugin message: a job name and a build with its phase.
    static func detects(_ v: JSONValue) -> Bool {
        v["name"]?.stringValue != nil && v["build"]?["phase"]?.stringValue != nil
            && (v["build"]?["full_url"] != nil || v["build"]?["number"] != nil || v["url"] != nil)
    }

    /// When a notification says its build ran: `start` and `end` where the payload tells them both, else
    /// `end` alone (a final phase) or `start` alone (STARTED).
    struct Times {
        var start: Timestamp?
        var end: Timestamp?
        var path: String
    }

    /// The plugin (1.12 and later) writes `build.timestamp` as milliseconds since 1970 at the time of
    /// the phase itself (`JobListener`): STARTED the build's start, COMPLETED its start plus its
    /// duration, FINALIZED the end of the post-build actions; `build.duration` (1.15 and later) is the
    /// build's length, 0 while it runs. An unreleased variant wrote the build's start at every phase
    /// as `2019-09-29T12:52:56.42+00:00`, whose fraction counts milliseconds without leading zeros.
    static func times(_ b: Payload, phase: String) throws(IngestIssue) -> Times? {
        guard let v = b["timestamp"] else { return nil }
        let duration = b["duration"]?.intValue.flatMap { $0 > 0 ? TimeSpan(milliseconds: Int64($0)) : nil }
        if case .string(var text) = v, let dot = text.firstIndex(of: ".") {
            let digits = text[text.index(after: dot)...].prefix { $0.isNumber }
            if !digits.isEmpty, digits.count < 3 {
                text.replaceSubrange(digits.startIndex..<digits.endIndex, with: String(repeating: "0", count: 3 - digits.count) + digits)
            }
            switch Timestamp.parse(text) {
            case .success(let start):
                return Times(start: start, end: phase == "STARTED" ? nil : duration.map { start + $0 }, path: b.fullPath("timestamp"))
            case .failure(let e): throw b.issue("timestamp", e.description)
            }
        }
        guard let at = try b.flexibleInstant("timestamp")?.time else { return nil }
        switch phase {
        case "STARTED": return Times(start: at, path: b.fullPath("timestamp"))
        case "COMPLETED":
            guard let duration else { return Times(end: at, path: b.fullPath("timestamp")) }
            return Times(start: at - duration, end: at, path: b.fullPath("duration"))
        default: return Times(end: at, path: b.fullPath("timestamp"))
        }
    }

    package func records(from p: Payload) -> [DecodedRecord] {
        do {
            let job = try p.requiredString("name", "a Jenkins notification names its job")
            let b = try p.requiredChild("build", "a Jenkins notification carries its build")
            let phase = try b.requiredString("phase", "a Jenkins notification says the build's phase").uppercased()
            guard options.isDeployWorkflow(job) else {
                return [
                    .skipped(
                        p.location, reason: "Jenkins job '\(job)' is not a deploy job (its name does not match the deploy pattern, github.deploy_workflows)")
                ]
            }
            let result = try b.string("status")?.uppercased()
            let status: String
            switch phase {
            case "STARTED": status = "started"
            case "COMPLETED", "FINALIZED", "FINISHED":
                switch result {
                case "SUCCESS", "UNSTABLE": status = "succeeded"
                case "FAILURE", "ABORTED": status = "failed"
                default: return [.skipped(p.location, reason: "Jenkins build result '\(result ?? "none")' did not run the deploy")]
                }
            case "QUEUED":
                return [.skipped(p.location, reason: "Jenkins phase QUEUED is before the build runs")]
            default:
                return [.skipped(p.location, reason: "Jenkins phase \(phase) is none of STARTED, COMPLETED and FINALIZED, the stages Hindsight reads")]
            }

            var d = EventDraft()
            d.set("kind", EventKind.deploy.rawValue)
            d.set("status", status)
            var received = false
            if let times = try Self.times(b, phase: phase), let time = times.start ?? times.end {
                d.set("time", time.rfc3339, from: times.path)
                if times.start != nil, let end = times.end { d.set("end", end.rfc3339, from: times.path) }
            } else if let at = options.receivedAt {
                d.set("time", at.rfc3339)
                received = true
            } else {
                throw p.timeMissing(nil, "this Jenkins notification carries no time (build.timestamp)")
            }
            let number = try b.text("number")
            if let url = try b.string("full_url") {
                d.set("id", "jenkins:\(url)")
            } else if let number {
                d.set("id", "jenkins:\(job):\(number)")
            }
            func parameter(_ names: [String]) throws -> (String, String)? {
                for n in names { if let v = try b.string("parameters.\(n)") { return (n, v) } }
                return nil
            }
            if let (name, service) = try parameter(["SERVICE", "service"]) {
                d.set("service", service, from: b.fullPath("parameters.\(name)"))
            } else {
                d.set("service", job, from: "name")
            }
            d.set("environment", try parameter(["ENVIRONMENT", "ENV", "environment", "env"])?.1)
            d.set("version", try parameter(["VERSION", "version"])?.1 ?? b.string("scm.commit"))
            let branch = try b.string("scm.branch")
            d.set("summary", "\(job)\(number.map { " #\($0)" } ?? "")\(branch.map { " on \($0)" } ?? "")")
            d.set("url", try b.string("full_url"))
            d.set("actor", b["scm.culprits"]?.arrayValue?.first?.stringValue)
            d.set("source", "jenkins")
            d.setAttributes([
                ("phase", .string(phase)), ("result", result.map(JSONValue.string)), ("number", b["number"]), ("branch", b["scm.branch"]),
                ("scm", b["scm.url"]), ("time_source", received ? .string("received") : nil),
            ])
            return [d.record(at: p.location, format: format)]
        } catch {
            return [.invalid(p.issue(from: error))]
        }
    }
}
