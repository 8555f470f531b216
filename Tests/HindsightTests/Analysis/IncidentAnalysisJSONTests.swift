import HindsightFormats
import Testing

@testable import Hindsight

@Suite("analyze --json contract")
struct IncidentAnalysisJSONTests {
    @Test func everyContractKeyIsPresent() throws {
        let facts = CandidateFacts(change: AF.change("d-1", at: 8, version: "v2", scope: Scope(percent: 5)), rateAfter: 100)
        let json = Analyzer().analyze(AF.input(candidates: [facts], versions: ["v2": 10])).json
        let value = try JSONParser.parse(json)
        let keys = Self.keys(value)
        let contract: Set = [
            "incident", "title", "services", "impact_start", "detected_at", "first_external_report_at", "mitigated_at",
            "resolved_at", "detection_lag_seconds", "time_to_mitigate_seconds", "time_to_resolve_seconds",
            "detected_externally_first", "trigger", "candidates", "blast_radius", "findings",
        ]
        #expect(contract.isSubset(of: keys), "missing: \(contract.subtracting(keys))")
        let trigger = try #require(value["trigger"])
        #expect(Self.keys(trigger).isSuperset(of: ["id", "kind", "service", "time", "score", "reasons"]))
        #expect(value["trigger"]?["id"]?.stringValue == "d-1")
        #expect(value["detection_lag_seconds"] == .number("240"))
        #expect(Self.keys(value["blast_radius"]).isSuperset(of: ["hosts", "crashes", "services", "regions"]))
        let finding = try #require(value["findings"]?.arrayValue?.first)
        #expect(Self.keys(finding) == ["practice", "ok", "detail"])
        #expect(
            value["candidates"]?.arrayValue?.first?["score"]?.doubleValue
                == Analyzer().analyze(AF.input(candidates: [facts], versions: ["v2": 10])).trigger?.score)
    }

    static func keys(_ v: JSONValue?) -> Set<String> { Set((v?.objectValue ?? []).map { $0.key }) }

    @Test func unknownValuesAreJSONNull() throws {
        let input = AnalysisInput(incident: "INC-9", lifecycle: [AF.lifecycle("declared", at: 20, incident: "INC-9")], services: ["api"])
        let analysis = Analyzer().analyze(input)
        let value = try JSONParser.parse(analysis.json)
        for key in [
            "impact_start", "first_external_report_at", "mitigated_at", "resolved_at", "detection_lag_seconds", "time_to_mitigate_seconds",
            "time_to_resolve_seconds", "trigger",
        ] {
            #expect(value[key] == .null, "\(key) should be null")
        }
        // No signals: there is no impact start, so nothing to explain; the JSON carries the analysis's own words.
        let abstention = try #require(value["abstention"]?.stringValue)
        #expect(abstention == analysis.abstention)
        #expect(abstention.contains("no signals"))
    }
}
