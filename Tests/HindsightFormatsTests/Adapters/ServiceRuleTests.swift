import Hindsight
import Testing

@testable import HindsightFormats

/// The ordered rules that name an alert's service from its labels.
@Suite struct ServiceRuleTests {
    typealias S = AdapterTestSupport

    static func alert(_ labels: String) -> String {
        #"{"version":"4","receiver":"r","alerts":[{"status":"firing","labels":{\#(labels)},"startsAt":"2024-03-01T10:00:00Z"}]}"#
    }

    @Test(
        "defaults, first match wins",
        arguments: [
            (#""service":"checkout","app":"web","job":"api""#, "checkout"),
            (#""app":"web","job":"api""#, "web"),
            (#""app.kubernetes.io/name":"cart","job":"kubelet","namespace":"shop""#, "cart"),
            (#""job":"node","namespace":"shop""#, "node"),
            (#""namespace":"shop","grafana_folder":"infra""#, "shop"),
            (#""grafana_folder":"infra","instance":"db-1:9100""#, "infra"),
            (#""instance":"db-1.example.com:9100""#, "db-1.example.com"),
            (#""instance":"http://10.0.0.7:8080/metrics""#, "10.0.0.7"),
            (#""instance":"[::1]:9100""#, "::1"),
            (#""service":"","app":"web""#, "web"),  // an empty label names nothing
        ])
    func defaults(_ labels: String, _ service: String) throws {
        let result = try S.read(text: Self.alert(labels))
        #expect(result.only?.service == service)
        #expect(result.warnings.isEmpty)
    }

    @Test func rulesFromTheUserReplaceTheDefaultsInTheirOrder() throws {
        let options = AdapterOptions(serviceLabels: ["team", "instance:host"])
        #expect(options.serviceRules == [.label("team"), .hostOf("instance")])
        #expect(try S.read(text: Self.alert(#""service":"x","instance":"db-2:9100""#), options: options).only?.service == "db-2")
        #expect(try S.read(text: Self.alert(#""team":"payments","instance":"db-2:9100""#), options: options).only?.service == "payments")
    }

    @Test func anUnmatchedAlertNeverBlocksTheOthers() throws {
        let text = """
            {"version":"4","receiver":"r","alerts":[
             {"status":"firing","labels":{"alertname":"A","service":"checkout"},"startsAt":"2024-03-01T10:00:00Z"},
             {"status":"firing","labels":{"alertname":"B","team":"payments"},"startsAt":"2024-03-01T10:01:00Z"},
             {"status":"firing","labels":{"alertname":"C","service":"cart"},"startsAt":"not a time"},
             {"status":"firing","labels":{"alertname":"D","app":"web"},"startsAt":"2024-03-01T10:03:00Z"}]}
            """
        let result = try S.read(text: text)
        #expect(result.events.map(\.service) == ["checkout", "unknown", "web"])
        #expect(result.warnings.map(\.field) == ["alerts[1].labels"])
        #expect(result.warnings.first?.message.contains(#"add a rule such as "team""#) == true)
        #expect(result.invalid.map(\.field) == ["alerts[2].startsAt"])
        #expect(result.invalid.first?.location.line == 4)
    }
}
