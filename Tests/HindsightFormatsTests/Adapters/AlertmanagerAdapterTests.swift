import Hindsight
import Testing

@testable import HindsightFormats

@Suite struct AlertmanagerAdapterTests {
    typealias S = AdapterTestSupport

    @Test func firingFixtureMapsFieldByField() throws {
        let result = try S.read(file: S.fixture("alertmanager/firing.json"))
        #expect(result.format == .alertmanager)
        let e = try #require(result.only)
        #expect(e.kind == .alert)
        #expect(e.status == "firing")
        #expect(e.time == S.time("2022-10-04T13:32:56.014Z"))
        #expect(e.end == nil)  // the zero endsAt of a firing alert is not a time
        #expect(e.service == "api")  // from the `job` label
        #expect(e.environment == "production")
        #expect(e.version == nil)
        #expect(e.host == "api:8000")
        #expect(e.severity == "high")
        #expect(e.summary == "poc_metric above 0.5")
        #expect(e.url == "http://9ef78e326c1f:9090/graph?g0.expr=poc_metric+%3E+0.5&g0.tab=1")
        #expect(e.labels?["alertname"] == "HighValue")
        #expect(e.id == "alertmanager:948c667b1fc76492:firing:2022-10-04T13:32:56.014Z")
        #expect(e.source == "alertmanager")
    }

    static let group = """
        {"receiver":"hindsight","status":"resolved","version":"4","groupKey":"{}:{alertname=\\"Errors\\"}",
         "alerts":[
          {"status":"resolved","labels":{"alertname":"Errors","service":"checkout","app":"web","env":"staging","region":"eu-west-1"},
           "annotations":{"description":"5xx above 2%"},"startsAt":"2024-03-01T10:00:00Z","endsAt":"2024-03-01T10:25:00Z",
           "generatorURL":"http://prom/graph","fingerprint":"aa11"},
          {"status":"firing","labels":{"alertname":"Latency","app":"web"},"annotations":{},
           "startsAt":"2024-03-01T10:05:00+01:00","endsAt":"0001-01-01T00:00:00Z","fingerprint":"bb22"}
         ]}
        """

    @Test func resolvedAlertKeepsItsStartAndEndsAtItsResolution() throws {
        let result = try S.read(text: Self.group)
        #expect(result.events.count == 2)
        let resolved = result.events[0]
        #expect(resolved.kind == .alert)
        #expect(resolved.status == "resolved")
        #expect(resolved.time == S.time("2024-03-01T10:00:00Z"))
        #expect(resolved.end == S.time("2024-03-01T10:25:00Z"))
        #expect(resolved.service == "checkout")  // `service` is tried before `app`
        #expect(resolved.environment == "staging")
        #expect(resolved.summary == "5xx above 2%")
        #expect(resolved.region == "eu-west-1")
        #expect(resolved.id == "alertmanager:aa11:resolved:2024-03-01T10:00:00Z")
        #expect(resolved.attributes == #"{"annotations":{"description":"5xx above 2%"}}"#)
        let firing = result.events[1]
        #expect(firing.status == "firing")
        #expect(firing.time == S.time("2024-03-01T09:05:00Z"))
        #expect(firing.service == "web")
        #expect(firing.summary == "Latency")  // no annotation: the alert's name
    }

    @Test func serviceLabelsAreConfigurable() throws {
        let result = try S.read(text: Self.group, options: AdapterOptions(serviceLabels: ["alertname"]))
        #expect(result.events.map(\.service) == ["Errors", "Latency"])
    }

    @Test func alertWithoutAServiceLabelIsStoredOnUnknownWithAWarning() throws {
        let result = try S.read(text: Self.group, options: AdapterOptions(serviceLabels: ["team"]))
        #expect(result.invalid.isEmpty)
        #expect(result.events.map(\.service) == ["unknown", "unknown"])
        #expect(result.warnings.map(\.field) == ["alerts[0].labels", "alerts[1].labels"])
        #expect(result.warnings[0].format == "alertmanager")
        #expect(
            result.warnings[0].message == "has the labels alertname, service, app, env, region, none of which a service rule names (team); "
                + "stored on the service 'unknown'. Add the label naming the service to the alert rule, or add a rule such as \"service\" "
                + "to labels under [services] in hindsight.toml")
    }

    @Test func resolvedAlertWithZeroEndIsResolvedWithNoEnd() throws {
        // Alertmanager sends the zero time when it does not know when the alert ended; the whole group stays readable.
        let text = """
            {"version":"4","status":"resolved","receiver":"r","alerts":[
              {"status":"resolved","labels":{"job":"api"},"startsAt":"2024-03-01T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"z1"},
              {"status":"resolved","labels":{"job":"web"},"startsAt":"2024-03-01T10:01:00Z","endsAt":"2024-03-01T10:07:00Z","fingerprint":"z2"}]}
            """
        let result = try S.read(text: text)
        #expect(result.invalid.isEmpty)
        #expect(result.events.count == 2)
        let unknownEnd = result.events[0]
        #expect(unknownEnd.status == "resolved")
        #expect(unknownEnd.time == S.time("2024-03-01T10:00:00Z"))
        #expect(unknownEnd.end == nil)
        #expect(unknownEnd.id == "alertmanager:z1:resolved:2024-03-01T10:00:00Z")
        #expect(result.events[1].end == S.time("2024-03-01T10:07:00Z"))
        // A resolved alert with no endsAt at all is read the same way.
        let bare = try S.read(
            text: #"{"version":"4","receiver":"r","alerts":[{"status":"resolved","labels":{"job":"api"},"startsAt":"2024-03-01T10:00:00Z"}]}"#)
        #expect(bare.only?.status == "resolved")
        #expect(bare.only?.end == nil)
    }

    @Test func grafanaWebhookIsRecognisedAndNamed() throws {
        let text = """
            {"receiver":"hs","status":"firing","orgId":1,"state":"alerting","title":"[FIRING:1] Disk",
             "groupKey":"{}","version":"1","truncatedAlerts":0,
             "alerts":[{"status":"firing","labels":{"alertname":"Disk","service":"db","instance":"db-1","severity":"critical"},
               "annotations":{"summary":"disk full"},"startsAt":"2024-04-02T08:00:00Z","endsAt":"0001-01-01T00:00:00Z",
               "generatorURL":"https://grafana/alerting/grafana/abc/view","fingerprint":"cc33","values":{"B":97.5},
               "dashboardURL":"","panelURL":""}]}
            """
        let result = try S.read(text: text)
        #expect(result.format == .alertmanager)
        let e = try #require(result.only)
        #expect(e.source == "grafana")
        #expect(e.service == "db")
        #expect(e.host == "db-1")
        #expect(e.severity == "critical")
        #expect(e.time == S.time("2024-04-02T08:00:00Z"))
    }
}
