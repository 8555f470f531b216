import Hindsight

/// Reads the Jenkins Notification plugin's job status (`{"name": JOB, "build": {"phase", "status", …}}`):
/// the build of a deploy job (its name matching the deploy pattern) is a `deploy` in stages — STARTED,
/// then COMPLETED with its result. The plugin sends the build's start (`build.timestamp`) only in some
/// versions: without it the stages take the time they were received.
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

    /// The plugin writes `build.timestamp` as milliseconds since 1970, or (some versions) as
    /// `2019-09-29T12:52:56.42+00:00`, whose fraction is a count of milliseconds without leading zeros.
    static func buildStart(_ b: Payload) throws(IngestIssue) -> Timestamp? {
        guard let v = b["timestamp"] else { return nil }
        if case .string(var text) = v, let dot = text.firstIndex(of: ".") {
            let digits = text[text.index(after: dot)...].prefix { $0.isNumber }
            if !digits.isEmpty, digits.count < 3 {
                text.replaceSubrange(digits.startIndex..<digits.endIndex, with: String(repeating: "0", count: 3 - digits.count) + digits)
            }
            switch Timestamp.parse(text) {
            case .success(let t): return t
            case .failure(let e): throw b.issue("timestamp", e.description)
            }
        }
        return try b.flexibleInstant("timestamp")?.time
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
            case "COMPLETED":
                switch result {
                case "SUCCESS", "UNSTABLE": status = "succeeded"
                case "FAILURE", "ABORTED": status = "failed"
                default: return [.skipped(p.location, reason: "Jenkins build result '\(result ?? "none")' did not run the deploy")]
                }
            case "FINALIZED", "FINISHED":
                return [.skipped(p.location, reason: "Jenkins phase \(phase) repeats the COMPLETED notification's result, which is the one read")]
            default:
                return [.skipped(p.location, reason: "Jenkins phase \(phase) is before the build runs")]
            }

            var d = EventDraft()
            d.set("kind", EventKind.deploy.rawValue)
            d.set("status", status)
            var received = false
            if let start = try Self.buildStart(b) {
                d.set("time", start.rfc3339, from: b.fullPath("timestamp"))
                if status != "started", let ms = b["duration"]?.intValue, ms > 0 {
                    d.set("end", (start + TimeSpan(milliseconds: Int64(ms))).rfc3339, from: b.fullPath("duration"))
                }
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
