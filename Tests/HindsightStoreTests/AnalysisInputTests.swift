import Hindsight
import HindsightTestSupport
import Testing

@testable import HindsightStore

@Suite("Incident signals and analysis input")
struct AnalysisInputTests {
    static func t(_ s: String) -> Timestamp { try! Timestamp.parse(s).get() }

    static func crash(
        _ id: String, _ time: String, service: String, host: String, count: Int = 1, region: String = "eu", version: String? = nil, incident: String? = nil
    ) -> Event {
        Event(
            id: id, time: t(time), kind: .crash, service: service, version: version, incident: incident, host: host, count: count,
            labels: Labels(["region": region]))
    }

    static func life(_ incident: String, _ status: String, _ time: String, service: String) -> Event {
        Event(id: "\(incident)-\(status)", time: t(time), kind: .incident, service: service, status: status, incident: incident, title: incident)
    }

    /// Two incidents overlapping in time on different services.
    static func overlapping(_ backend: TestBackend = .sqlite) throws -> EventStore {
        let store = try backend.makeStore()
        try store.insert([
            Event(id: "cfg-1", time: t("2024-07-19T04:09:00Z"), kind: .config, service: "sensor", version: "cf-291", scope: Scope(percent: 100)),
            Event(id: "st-1", time: t("2024-07-18T21:35:00Z"), kind: .config, service: "storage", version: "st-9"),
            crash("a1", "2024-07-19T04:10:00Z", service: "sensor", host: "h1", count: 100, region: "us", version: "cf-291", incident: "CS"),
            crash("a2", "2024-07-19T04:20:00Z", service: "sensor", host: "h2", count: 50, region: "eu", version: "cf-291"),
            crash("a3", "2024-07-19T04:30:00Z", service: "sensor", host: "h2", count: 5, region: "eu", version: "cf-291"),
            crash("b1", "2024-07-18T21:40:00Z", service: "storage", host: "s1", count: 7, region: "centralus", version: "st-9", incident: "AZ"),
            crash("b2", "2024-07-19T04:15:00Z", service: "storage", host: "s2", count: 3, region: "centralus", version: "st-9"),
            Event(id: "r1", time: t("2024-07-19T04:40:00Z"), kind: .report, service: "sensor", summary: "BSOD"),
            Event(id: "al1", time: t("2024-07-19T05:00:00Z"), kind: .alert, service: "sensor", summary: "hosts offline"),
            Event(id: "rb", time: t("2024-07-19T05:27:00Z"), kind: .rollback, service: "sensor", reverts: "cfg-1"),
            life("CS", "declared", "2024-07-19T05:10:00Z", service: "sensor"),
            life("CS", "resolved", "2024-07-19T09:00:00Z", service: "sensor"),
            life("AZ", "declared", "2024-07-18T22:00:00Z", service: "storage"),
            life("AZ", "resolved", "2024-07-19T22:00:00Z", service: "storage"),
        ])
        return store
    }

    @Test(arguments: TestBackend.available) func overlappingIncidentsKeepTheirOwnSignals(_ backend: TestBackend) throws {
        let store = try Self.overlapping(backend)
        let cs = try store.analysisInput(incident: "CS")
        #expect(cs.services == ["sensor"])
        #expect(cs.impactStart == Self.t("2024-07-19T04:10:00Z"))
        #expect(cs.blast.hosts == 2)
        #expect(cs.blast.crashes == 155)
        #expect(cs.blast.regions == ["eu", "us"])
        #expect(cs.crashRegions == ["eu": 55, "us": 100])
        #expect(cs.signalVersions == ["cf-291": 155])
        #expect(cs.firstReport?.id == "r1")
        #expect(cs.firstAlert?.id == "al1")
        #expect(cs.candidates.map(\.change.id) == ["cfg-1"])
        #expect(cs.candidates.first?.rollback?.id == "rb")

        let az = try store.analysisInput(incident: "AZ")
        #expect(az.services == ["storage"])
        #expect(az.impactStart == Self.t("2024-07-18T21:40:00Z"))
        #expect(az.blast.crashes == 10)
        #expect(az.blast.hosts == 2)
        #expect(az.signalVersions == ["st-9": 10])
        #expect(az.firstReport == nil)
        #expect(az.candidates.map(\.change.id) == ["st-1"])
    }

    @Test(arguments: TestBackend.available) func overlappingIncidentsAnalyseApart(_ backend: TestBackend) throws {
        let store = try Self.overlapping(backend)
        let cs = Analyzer().analyze(try store.analysisInput(incident: "CS"))
        let az = Analyzer().analyze(try store.analysisInput(incident: "AZ"))
        #expect(cs.trigger?.change.id == "cfg-1")
        #expect(az.trigger?.change.id == "st-1")
        #expect(cs.detectedExternallyFirst == true)
        #expect(cs.detectionLag == .minutes(50))
        #expect(cs.mitigatedAt == Self.t("2024-07-19T05:27:00Z"))
        #expect(cs.timeToMitigate == TimeSpan.minutes(77))
        #expect(cs.timeToResolve == TimeSpan.minutes(290))
    }

    @Test(arguments: TestBackend.available) func unlinkedSignalsOutsideTheLookbackAreNotTheIncidents(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        try store.insert([
            Self.crash("early", "2024-07-19T02:00:00Z", service: "api", host: "x"),
            Self.crash("inside", "2024-07-19T04:30:00Z", service: "api", host: "y"),
            Self.life("I", "declared", "2024-07-19T05:00:00Z", service: "api"),
            Self.life("I", "resolved", "2024-07-19T06:00:00Z", service: "api"),
            Self.crash("after", "2024-07-19T06:30:00Z", service: "api", host: "z"),
        ])
        let input = try store.analysisInput(incident: "I")
        #expect(input.impactStart == Self.t("2024-07-19T04:30:00Z"))
        #expect(input.blast.hosts == 1)
        var options = AnalysisOptions()
        options.lookback = .hours(4)
        let wider = try store.analysisInput(incident: "I", options: options)
        #expect(wider.impactStart == Self.t("2024-07-19T02:00:00Z"))
        #expect(wider.blast.hosts == 2)
    }

    @Test(arguments: TestBackend.available) func candidateRatesAroundAChange(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        var events = [Event(id: "d", time: Self.t("2024-07-19T04:00:00Z"), kind: .deploy, service: "api", version: "v2")]
        for m in 0..<30 {
            events.append(
                Self.crash("c\(m)", "2024-07-19T04:\(String(format: "%02d", 5 + m)):00Z", service: "api", host: "h\(m)", count: 2, version: "v2", incident: "I")
            )
        }
        events.append(Self.life("I", "declared", "2024-07-19T04:20:00Z", service: "api"))
        try store.insert(events)
        let f = try #require(try store.analysisInput(incident: "I").candidates.first)
        #expect(f.rateBefore == 0)
        #expect(f.rateAfter == 60)  // 30 crashes × 2 in one hour
        #expect(f.rollback == nil)
    }

    /// One crash a minute from 04:05: the rate until a rollback is measured from impact start (04:05), not from the change.
    @Test(arguments: [("04:30", 55.0, 60.0, 60.0), ("05:20", 55.0, 60.0, 15.0)])
    func ratesAroundAChangeAndItsRollback(_ rollbackAt: String, after: Double, until: Double, afterRollback: Double) throws {
        let store = try EventStore.inMemory()
        var events = [
            Event(id: "d", time: Self.t("2024-07-19T04:00:00Z"), kind: .deploy, service: "api", version: "v2"),
            Event(id: "rb", time: Self.t("2024-07-19T\(rollbackAt):00Z"), kind: .rollback, service: "api", reverts: "d"),
        ]
        // One crash a minute from 04:05 to 05:34.
        for m in 0..<90 {
            let minute = 5 + m
            events.append(
                Self.crash("c\(m)", String(format: "2024-07-19T%02d:%02d:00Z", 4 + minute / 60, minute % 60), service: "api", host: "h\(m)", incident: "I"))
        }
        events.append(Self.life("I", "declared", "2024-07-19T04:20:00Z", service: "api"))
        try store.insert(events)
        let f = try #require(try store.analysisInput(incident: "I").candidates.first { $0.change.id == "d" })
        #expect(f.rollback?.id == "rb")
        #expect(f.rateAfter == after)
        #expect(f.rateUntilRollback == until)
        #expect(f.rateAfterRollback == afterRollback)
    }

    @Test(arguments: TestBackend.available) func unknownIncidentIsNotFound(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        #expect(throws: StoreError.unknownID("NOPE", kind: .incident, store: store.displayName, suggestion: nil)) {
            try store.analysisInput(incident: "NOPE")
        }
    }
}
