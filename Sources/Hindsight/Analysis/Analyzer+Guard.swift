extension Analyzer {
    /// `guard`: when the guard flagged a change of this incident, and how long before the first customer report.
    func guardFinding(_ a: IncidentAnalysis) -> Finding? {
        guard let flagged = a.guardDetection, let change = flagged.change else { return nil }
        let when = "the guard flagged \(change) at \(flagged.time.rfc3339)"
        if a.falseAlarm != nil {
            return Finding(practice: "guard", ok: nil, detail: "\(when); the team dismissed it as a false alarm")
        }
        guard let report = a.firstExternalReportAt else {
            return Finding(practice: "guard", ok: true, detail: "\(when), and no customer reported it")
        }
        if flagged.time <= report {
            return Finding(
                practice: "guard", ok: true,
                detail: "\(when), \(Self.minutes(report - flagged.time)) before the first customer report at \(report.rfc3339)")
        }
        return Finding(
            practice: "guard", ok: false,
            detail: "\(when), \(Self.minutes(flagged.time - report)) after the first customer report at \(report.rfc3339); "
                + "a smaller first step or a shorter guard interval catches it sooner")
    }

    /// `11 minutes`, `1 minute`, `0 minutes`.
    static func minutes(_ span: TimeSpan) -> String {
        let m = span.seconds / 60
        return "\(m) minute\(m == 1 ? "" : "s")"
    }
}
