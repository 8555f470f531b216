import Foundation
import Hindsight
import HindsightFormats
import HindsightReport
import HindsightStore

/// Hand-written incidents, ingested from temp files into in-memory stores, then analysed.
enum ReportFixtures {
    /// A config push to the whole fleet that switched on code a deploy shipped three days earlier;
    /// customers reported it an hour before it was declared; rolled back.
    static let boot = """
        {"id":"d-711","time":"2024-07-16T10:00:00Z","kind":"deploy","service":"falcon-sensor","version":"7.11",\
        "summary":"Sensor 7.11 with the new IPC template type","scope":{"percent":100}}
        {"id":"web-2","time":"2024-07-19T04:08:00Z","kind":"deploy","service":"web","version":"2"}
        {"id":"cs-291","time":"2024-07-19T04:09:00Z","kind":"config","service":"falcon-sensor","version":"channel-file-291",\
        "summary":"Rapid Response Content update (Channel File 291)","scope":{"percent":100},"actor":"content-pipeline","url":"https://example.com/changes/291"}
        {"time":"2024-07-19T04:10:12Z","kind":"crash","service":"falcon-sensor","host":"win-0001","version":"7.11","count":90000,"labels":{"region":"us"},\
        "incident":"INC-1"}
        {"time":"2024-07-19T04:20:00Z","kind":"crash","service":"falcon-sensor","host":"win-0002","version":"7.11","count":94302,"labels":{"region":"eu"},\
        "incident":"INC-1"}
        {"time":"2024-07-19T05:20:00Z","kind":"crash","service":"falcon-sensor","host":"win-0003","version":"7.11","count":10,"labels":{"region":"eu"},\
        "incident":"INC-1"}
        {"time":"2024-07-19T04:30:00Z","kind":"report","service":"falcon-sensor","summary":"BSOD on every Windows laptop","source":"support-desk",\
        "incident":"INC-1"}
        {"id":"rb-291","time":"2024-07-19T05:27:00Z","kind":"rollback","service":"falcon-sensor","reverts":"cs-291","summary":"Channel File 291 reverted"}
        {"time":"2024-07-19T05:30:00Z","kind":"incident","service":"falcon-sensor","incident":"INC-1","status":"declared",\
        "title":"Windows hosts crash in a boot loop","severity":"SEV1"}
        {"time":"2024-07-19T06:00:00Z","kind":"note","service":"falcon-sensor","incident":"INC-1","actor":"oncall",\
        "summary":"Manual remediation guide published"}
        {"time":"2024-07-19T09:30:00Z","kind":"incident","service":"falcon-sensor","incident":"INC-1","status":"resolved",\
        "title":"Windows hosts crash in a boot loop","severity":"SEV1"}
        """

    /// A staged flag release on payments, caught by an alert, mitigated by hand, never rolled back.
    static let payments = """
        {"id":"pay-deploy-42","time":"2024-03-05T09:00:00Z","kind":"deploy","service":"payments","version":"4.2.0",\
        "summary":"Payments 4.2.0 (new retry policy behind a flag)"}
        {"id":"flag-1","time":"2024-03-05T13:00:00Z","kind":"release","service":"payments","version":"retry-v2","summary":"retry-v2 on for 5%",\
        "scope":{"percent":5,"ring":"canary","regions":["eu-west"]}}
        {"id":"flag-2","time":"2024-03-05T14:00:00Z","kind":"release","service":"payments","version":"retry-v2","summary":"retry-v2 on for 50%",\
        "scope":{"percent":50,"regions":["eu-west"]}}
        {"id":"cdn-9","time":"2024-03-05T14:02:00Z","kind":"config","service":"cdn","version":"edge-9","summary":"Cache rules update"}
        {"time":"2024-03-05T14:03:00Z","kind":"crash","service":"payments","host":"pay-1","version":"4.2.0","count":40,"labels":{"region":"eu-west"},\
        "incident":"INC-7"}
        {"time":"2024-03-05T14:10:00Z","kind":"crash","service":"payments","host":"pay-2","version":"4.2.0","count":60,"labels":{"region":"eu-west"},\
        "incident":"INC-7"}
        {"time":"2024-03-05T14:06:00Z","kind":"alert","service":"payments","summary":"Payment error rate above 2%","incident":"INC-7"}
        {"time":"2024-03-05T14:08:00Z","kind":"incident","service":"payments","incident":"INC-7","status":"declared",\
        "title":"Card payments failing in eu-west","severity":"SEV2"}
        {"time":"2024-03-05T14:20:00Z","kind":"report","service":"payments","summary":"Customer: checkout fails","incident":"INC-7"}
        {"time":"2024-03-05T14:25:00Z","kind":"note","service":"payments","incident":"INC-7","actor":"alice","summary":"Flag retry-v2 switched off by hand"}
        {"time":"2024-03-05T14:26:00Z","kind":"incident","service":"payments","incident":"INC-7","status":"mitigated"}
        {"time":"2024-03-05T15:00:00Z","kind":"incident","service":"payments","incident":"INC-7","status":"resolved"}
        """

    /// Text an attacker or a careless tool could put in events.
    static let hostile = "evil | *bold* _x_ `tick` <script>alert(1)</script>\nsecond line [x](javascript:alert(1))"

    /// The boot-loop incident with hostile text in the trigger's summary, a report, a note and the title.
    static var hostileEvents: String {
        let quoted = String(decoding: try! JSONSerialization.data(withJSONObject: [hostile]), as: UTF8.self).dropFirst().dropLast()
        return """
            {"id":"cfg-1","time":"2024-07-19T04:09:00Z","kind":"config","service":"api","version":"v9","summary":\(quoted),"scope":{"percent":100},\
            "url":"javascript:alert(1)"}
            {"time":"2024-07-19T04:10:00Z","kind":"crash","service":"api","host":"h1","version":"v9","count":5,"summary":\(quoted),"incident":"INC-X"}
            {"time":"2024-07-19T04:12:00Z","kind":"report","service":"api","summary":\(quoted),"incident":"INC-X"}
            {"time":"2024-07-19T04:15:00Z","kind":"incident","service":"api","incident":"INC-X","status":"declared","title":\(quoted)}
            {"time":"2024-07-19T04:16:00Z","kind":"note","service":"api","incident":"INC-X","summary":\(quoted)}
            {"time":"2024-07-19T04:30:00Z","kind":"incident","service":"api","incident":"INC-X","status":"resolved"}
            """
    }

    /// A store holding `jsonl`, ingested from a temp file the way `hindsight ingest` reads it.
    static func store(_ jsonl: String) throws -> EventStore {
        let store = try EventStore.inMemory()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-report-\(UUID().uuidString).jsonl").path
        try jsonl.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try store.ingest(try ByteInput(path: path), format: .native)
        return store
    }

    /// The analysis and bounded timeline of `incident` in a store built from `jsonl`.
    static func analysed(_ jsonl: String, incident: String) throws -> (IncidentAnalysis, [Event]) {
        let store = try store(jsonl)
        let options = AnalysisOptions()
        let analysis = Analyzer(options: options).analyze(try store.analysisInput(incident: incident, options: options))
        return (analysis, try store.timeline(for: analysis, options: options))
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = repository.appendingPathComponent("templates").path
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func template(_ name: String) throws -> PostmortemTemplate {
        try TemplateLocator(directories: [templates]).load(name)
    }

    static func render(
        _ jsonl: String, incident: String, template name: String = "default",
        format: ReportFormat = .markdown, zone: ReportTimeZone = .utc
    ) throws -> String {
        let (analysis, timeline) = try analysed(jsonl, incident: incident)
        return Postmortem.render(analysis: analysis, timeline: timeline, template: try template(name), format: format, timeZone: zone)
    }

    /// `incident`'s draft as the CLI renders it after a review: the team's verdicts and action items from the
    /// store, the chart's rates for HTML, and the SLO `objectives`.
    static func renderTeam(
        _ jsonl: String, incident: String, template name: String = "default", format: ReportFormat = .markdown,
        zone: ReportTimeZone = .utc, objectives: ServiceObjectives = .none
    ) throws -> String {
        let store = try store(jsonl)
        let options = AnalysisOptions()
        let analysis = try store.analysis(incident: incident, options: options)
        let grid = TimelineChart.rateGrid(for: analysis)
        let rates =
            format == .html
            ? try store.signalRates(incident: incident, start: grid.start, bucket: grid.bucket, buckets: grid.count, lookback: options.lookback) : nil
        return Postmortem.render(
            analysis: analysis, timeline: try store.timeline(for: analysis, options: options), template: try template(name), format: format,
            timeZone: zone, actionItems: try store.actionItems(incident: incident), rates: rates, objectives: objectives)
    }
}
