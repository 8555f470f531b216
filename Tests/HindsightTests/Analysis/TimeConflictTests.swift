import Testing

@testable import Hindsight

/// A span the events contradict (an incident declared, mitigated or resolved before its first signal)
/// is unknown, never negative, and the analysis names the two events that disagree.
@Suite struct TimeConflictTests {
    @Test func aMitigationBeforeImpactStartLeavesTheTimeToMitigateUnknown() {
        let mitigated = AF.lifecycle("mitigated", at: 5)
        let input = AF.input(lifecycle: [AF.lifecycle("declared", at: 20), mitigated, AF.lifecycle("resolved", at: 70)])
        let a = Analyzer().analyze(input)
        #expect(a.mitigatedAt == AF.at(5), "the time itself is kept")
        #expect(a.timeToMitigate == nil)
        #expect(a.timeToResolve == .hours(1), "the other spans are measured as usual")
        #expect(a.detectionLag == .minutes(4))
        #expect(a.conflicts == [TimeConflict(metric: .timeToMitigate, event: mitigated, impactStart: AF.at(10), firstSignal: nil)])
        #expect(
            a.conflicts.first?.sentence
                == "the 'mitigated' incident event INC-1-mitigated at 2024-07-19T04:05:00Z came 5m before impact start at "
                + "2024-07-19T04:10:00Z, so the time to mitigate is unknown; one of the two times is wrong (a clock or a time zone?)")
        #expect(a.json.contains(#""time_to_mitigate_seconds":null"#))
        #expect(
            a.json.contains(
                #""conflicts":[{"metric":"time_to_mitigate","event":"INC-1-mitigated","event_time":"2024-07-19T04:05:00Z","first_signal":null,"#
                    + #""impact_start":"2024-07-19T04:10:00Z","text":"the 'mitigated' incident event"#))
    }

    @Test func aDeclarationBeforeTheFirstSignalNamesTheSignalFromTheSource() throws {
        let crash = Event(id: "crash-1", time: AF.at(10), kind: .crash, service: "api", incident: "INC-1", host: "h1")
        let events = [
            crash, Event(id: "crash-2", time: AF.at(12), kind: .crash, service: "api", incident: "INC-1", host: "h2"),
            Event(id: "declared", time: AF.at(4), kind: .incident, service: "api", status: "declared", incident: "INC-1"),
            Event(id: "resolved", time: AF.at(3), kind: .incident, service: "api", status: "resolved", incident: "INC-1"),
        ]
        let a = try SF.analyze(events)
        #expect(a.impactStart == AF.at(10))
        #expect(a.detectionLag == nil && a.timeToResolve == nil)
        #expect(a.conflicts.map(\.metric) == [TimeConflict.Metric.detectionLag, .timeToResolve])
        #expect(a.conflicts.map(\.event.id) == ["declared", "resolved"])
        #expect(a.conflicts.map { $0.firstSignal?.id } == ["crash-1", "crash-1"], "the first signal is gathered when a lifecycle event precedes it")
        #expect(
            a.conflict(.detectionLag)?.sentence
                == "the 'declared' incident event declared at 2024-07-19T04:04:00Z came 6m before the first signal, crash crash-1 on api at "
                + "2024-07-19T04:10:00Z, so the detection lag is unknown; one of the two times is wrong (a clock or a time zone?)")
        let finding = try #require(a.findings.first { $0.practice == "detection_lag" })
        #expect(finding.ok == nil)
        #expect(finding.detail == a.conflict(.detectionLag)?.sentence)
    }

    @Test func noConflictWhenTheEventsAreInOrder() throws {
        let a = try SF.analyze(SF.crashes("c", from: 10, to: 13) + SF.incident())
        #expect(a.conflicts.isEmpty)
        #expect(a.json.contains(#""conflicts":[]"#))
        #expect(a.detectionLag == .minutes(10))
    }
}
