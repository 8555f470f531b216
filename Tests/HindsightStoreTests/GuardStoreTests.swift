import Hindsight
import HindsightFormats
import HindsightStore
import HindsightTestSupport
import Testing

/// The guard's writes through the store: the suspected incident raised once, its notifications' outbox, dismissal,
/// absorption and merging, and what they do to detection, findings, lists and the review.
@Suite struct GuardStoreTests {
    /// A 5% canary of checkout 5.14 at minute 0 whose hosts crash from minute 2; background crashes on 5.13 from an hour
    /// before; a customer report at minute 20.
    static func events(report: Bool = true) -> [Event] {
        var out = [
            Event(
                id: "deploy-5.14-canary", time: t0, kind: .deploy, service: "checkout", version: "5.14", scope: Scope(percent: 5),
                actor: "ci", source: "ci")
        ]
        for m in -60..<30 {
            out.append(Event(id: "bg-\(m)", time: t0 + .minutes(Int64(m)), kind: .crash, service: "checkout", version: "5.13", host: "h\(m & 7)"))
        }
        for i in 0..<12 {
            out.append(Event(id: "bad-\(i)", time: t0 + .seconds(Int64(120 + 40 * i)), kind: .crash, service: "checkout", version: "5.14", host: "c1"))
        }
        if report {
            out.append(Event(id: "report-1", time: t0 + .minutes(20), kind: .report, service: "checkout", summary: "checkout fails for me"))
        }
        return out
    }

    static func store(_ backend: TestBackend, events: [Event] = events()) throws -> EventStore {
        let store = try backend.makeStore()
        try store.insert(events)
        return store
    }

    static func notification(_ v: GuardVerdict, target: String) -> GuardNotification {
        GuardNotification(change: "deploy-5.14-canary", target: target, kind: .failing, messageID: "msg_\(target)", body: "{}", createdAt: v.evaluatedAt)
    }

    @Test(arguments: TestBackend.available) func aFailingChangeIsRaisedOnceWithItsNotifications(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        let v = try store.guardVerdict(change: "deploy-5.14-canary", at: t0 + .minutes(8))
        #expect(v.outcome == .failing)
        #expect(try store.raiseSuspicion(v, notifications: [Self.notification(v, target: "webhook:a"), Self.notification(v, target: "slack:b")]))
        let later = try store.guardVerdict(change: "deploy-5.14-canary", at: t0 + .minutes(9))
        #expect(try !store.raiseSuspicion(later, notifications: [Self.notification(later, target: "webhook:c")]))
        let lifecycle = try store.events(EventFilter(kinds: [.incident], incident: "guard-deploy-5.14-canary"))
        #expect(lifecycle.count == 1)
        #expect(lifecycle[0].status == "suspected")
        #expect(lifecycle[0].change == "deploy-5.14-canary")
        #expect(lifecycle[0].time == t0 + .minutes(8))
        #expect(lifecycle[0].title == "Guard: deploy-5.14-canary failing on checkout")
        #expect(try store.notificationStates(change: "deploy-5.14-canary").map(\.target) == ["slack:b", "webhook:a"])
    }

    @Test(arguments: TestBackend.available) func theOutboxClaimsRetriesAndAbandons(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        let v = try store.guardVerdict(change: "deploy-5.14-canary", at: t0 + .minutes(8))
        try store.raiseSuspicion(v, notifications: [Self.notification(v, target: "webhook:a")])
        let now = t0 + .minutes(8)
        let claimed = try store.claimDueNotifications(now: now, lease: .minutes(2))
        #expect(claimed.map(\.messageID) == ["msg_webhook:a"])
        #expect(claimed[0].attempts == 0)
        // Held by the lease: nobody else takes it meanwhile.
        #expect(try store.claimDueNotifications(now: now + .seconds(30), lease: .minutes(2)).isEmpty)
        try store.notificationFailed(claimed[0], error: "HTTP 500", retryAt: now + .seconds(30), now: now)
        #expect(try store.claimDueNotifications(now: now + .seconds(29), lease: .minutes(2)).isEmpty)
        let retry = try store.claimDueNotifications(now: now + .seconds(30), lease: .minutes(2))
        #expect(retry.map(\.attempts) == [1])
        try store.notificationDelivered(retry[0], at: now + .seconds(31))
        #expect(try store.claimDueNotifications(now: now + .hours(3), lease: .minutes(2)).isEmpty)
        let state = try #require(try store.notificationStates(change: "deploy-5.14-canary").first)
        #expect(state.attempts == 2)
        #expect(state.deliveredAt == now + .seconds(31))
        #expect(state.error == nil)
    }

    @Test(arguments: TestBackend.available) func aGuardDetectionCountsInThePostmortem(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        try store.raiseSuspicion(try store.guardVerdict(change: "deploy-5.14-canary", at: t0 + .minutes(8)), notifications: [])
        let a = try store.analysis(incident: "guard-deploy-5.14-canary")
        #expect(a.detectedAt == t0 + .minutes(8))
        #expect(a.detectedBy == "the guard, which flagged deploy-5.14-canary")
        #expect(a.detectedExternallyFirst == false)
        // Its window opens at the change less the lookback: the hour of background before it is its.
        #expect(a.impactStart == t0 - .minutes(60))
        let finding = try #require(a.findings.first { $0.practice == "guard" })
        #expect(finding.ok == true)
        #expect(
            finding.detail
                == "the guard flagged deploy-5.14-canary at 2024-07-19T04:08:00Z, 12 minutes before the first customer report at 2024-07-19T04:20:00Z")
        #expect(a.json.contains(#""guard":{"change":"deploy-5.14-canary","flagged_at":"2024-07-19T04:08:00Z","minutes_before_first_report":12}"#))
    }

    @Test(arguments: TestBackend.available) func aDeclaredIncidentAbsorbsTheSuspectedOne(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        try store.raiseSuspicion(try store.guardVerdict(change: "deploy-5.14-canary", at: t0 + .minutes(8)), notifications: [])
        try store.insert([
            Event(
                id: "INC-7-declared", time: t0 + .minutes(25), kind: .incident, service: "checkout", status: "declared", incident: "INC-7",
                title: "Checkout down")
        ])
        #expect(try store.incidentIDs() == ["guard-deploy-5.14-canary", "INC-7"])
        let made = try store.absorbSuspicions(now: t0 + .minutes(26))
        #expect(made.map { "\($0.0) → \($0.1)" } == ["guard-deploy-5.14-canary → INC-7"])
        #expect(try store.absorbSuspicions(now: t0 + .minutes(27)).isEmpty)
        // One incident, not two; its detection counts from the guard's flag.
        #expect(try store.incidentIDs() == ["INC-7"])
        // Both begin at the guard's flag now: the ids break the tie.
        #expect(try store.incidentIDs(all: true) == ["INC-7", "guard-deploy-5.14-canary"])
        let a = try store.analysis(incident: "INC-7")
        #expect(a.detectedAt == t0 + .minutes(8))
        #expect(a.detectionLag != nil)
        #expect(a.guardDetection?.change == "deploy-5.14-canary")
        // By hand it records nothing new.
        #expect(try !store.mergeSuspicion("guard-deploy-5.14-canary", into: "INC-7", by: "ana"))
    }

    @Test(arguments: TestBackend.available) func mergingByHandChecksWhatItMerges(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        try store.raiseSuspicion(try store.guardVerdict(change: "deploy-5.14-canary", at: t0 + .minutes(8)), notifications: [])
        try store.insert([
            Event(id: "INC-8-declared", time: t0 + .hours(5), kind: .incident, service: "payments", status: "declared", incident: "INC-8")
        ])
        #expect(throws: GuardError.notAGuardIncident("INC-8")) { try store.mergeSuspicion("INC-8", into: "guard-deploy-5.14-canary", by: "ana") }
        #expect(throws: GuardError.cannotMerge("guard-deploy-5.14-canary", into: "guard-deploy-5.14-canary", reason: "they are the same incident")) {
            try store.mergeSuspicion("guard-deploy-5.14-canary", into: "guard-deploy-5.14-canary", by: "ana")
        }
        #expect(throws: StoreError.unknownID("INC-9", kind: .incident, store: store.displayName, suggestion: "INC-8")) {
            try store.mergeSuspicion("guard-deploy-5.14-canary", into: "INC-9", by: "ana")
        }
        // Too late and elsewhere for the watcher, but a person may merge them.
        #expect(try store.absorbSuspicions(now: t0 + .hours(6)).isEmpty)
        #expect(try store.mergeSuspicion("guard-deploy-5.14-canary", into: "INC-8", by: "ana"))
        let absorbed = try #require(try store.event(id: "INC-8-absorbs-guard-deploy-5.14-canary"))
        #expect(absorbed.actor == "ana")
        #expect(absorbed.time == t0 + .minutes(8))
        #expect(try store.incidentIDs() == ["INC-8"])
    }

    @Test(arguments: TestBackend.available) func aDismissedFalseAlarmLeavesTheListsAndTheFailureRate(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        #expect(throws: GuardError.notSuspected("deploy-5.14-canary", store: store.displayName)) {
            try store.dismissSuspicion(change: "deploy-5.14-canary", why: "load test", by: "ana", now: t0 + .hours(1))
        }
        try store.raiseSuspicion(try store.guardVerdict(change: "deploy-5.14-canary", at: t0 + .minutes(8)), notifications: [])
        #expect(throws: GuardError.emptyReason) { try store.dismissSuspicion(change: "deploy-5.14-canary", why: " ", by: "ana", now: t0 + .hours(1)) }
        let d = try store.dismissSuspicion(change: "deploy-5.14-canary", why: "the errors were a load test", by: "ana", now: t0 + .hours(1))
        #expect(d.decision == .dismissed)
        #expect(d.incident == "guard-deploy-5.14-canary")
        let count = try store.totalEvents()
        #expect(try store.dismissSuspicion(change: "deploy-5.14-canary", why: "again", by: "bob", now: t0 + .hours(2)) == d)
        #expect(try store.totalEvents() == count)
        #expect(try store.incidentIDs().isEmpty)
        let a = try store.analysis(incident: "guard-deploy-5.14-canary")
        #expect(a.falseAlarm == d)
        #expect(a.status == "resolved")
        #expect(a.trigger?.change.id != "deploy-5.14-canary")
        let review = Review(try store.reviewInput(since: t0 - .days(1), until: t0 + .days(1), now: t0 + .days(1)))
        #expect(review.overall.falseAlarms == 1)
        #expect(review.overall.incidents == 0)
        #expect(review.dora.failedChanges == 0)
        #expect(review.byService.first { $0.service == "checkout" }?.figures.falseAlarms == 1)
    }

    @Test(arguments: TestBackend.available) func theWatchedChangesAreTheRolloutsOfTheWindow(_ backend: TestBackend) throws {
        let store = try Self.store(backend)
        try store.insert([
            Event(id: "deploy-5.14-25", time: t0 + .minutes(20), kind: .deploy, service: "checkout", version: "5.14", scope: Scope(percent: 25)),
            Event(id: "old", time: t0 - .hours(5), kind: .deploy, service: "checkout", version: "5.13"),
            Event(id: "staging", time: t0 + .minutes(5), kind: .deploy, service: "checkout", environment: "staging", version: "5.15"),
            Event(id: "started", time: t0 - .hours(4), kind: .config, service: "search", status: "started"),
            Event(id: "flag", time: t0 + .minutes(10), kind: .release, service: "search", version: "new-ranking"),
        ])
        #expect(try store.watchedChanges(now: t0 + .minutes(30)).map(\.id) == ["started", "flag", "deploy-5.14-25"])
        #expect(try store.changeInProgress(on: "checkout", now: t0 + .minutes(30))?.id == "deploy-5.14-25")
        #expect(try store.changeInProgress(on: "checkout", now: t0 + .hours(3)) == nil)
        // A step of a rollout judges the whole rollout so far.
        #expect(try store.guardVerdict(change: "deploy-5.14-25", at: t0 + .minutes(30)).exposure.steps.map(\.id) == ["deploy-5.14-canary", "deploy-5.14-25"])
        #expect(throws: GuardError.notAChange("report-1", kind: "report")) { try store.guardVerdict(change: "report-1", at: t0) }
        #expect(throws: GuardError.unknownChange("deploy-5.41-canary", store: store.displayName, suggestion: "deploy-5.14-canary")) {
            try store.guardVerdict(change: "deploy-5.41-canary", at: t0)
        }
    }

    /// The guard judges the store's facts as the in-memory source does.
    @Test(arguments: TestBackend.available) func theStoreAndTheMemorySourceGiveOneVerdict(_ backend: TestBackend) throws {
        let events = Self.events()
        let store = try Self.store(backend, events: events)
        for minute in [1, 4, 8, 15, 29] {
            let at = t0 + .minutes(Int64(minute))
            let fromStore = try store.guardVerdict(change: "deploy-5.14-canary", at: at)
            let fromMemory = try ChangeGuard().verdict(change: events[0], at: at, source: MemoryAnalysisSource(events: events))
            #expect(fromStore == fromMemory)
        }
    }
}

extension GuardStoreTests {
    /// The hosts a version reached and their own history are counted alike by the store and the memory source.
    @Test(arguments: TestBackend.available) func aHostsOwnHistoryIsReadAlikeFromTheStore(_ backend: TestBackend) throws {
        var events = Self.events(report: false)
        for m in -60..<0 {
            events.append(Event(id: "c1-before-\(m)", time: t0 + .minutes(Int64(m)), kind: .crash, service: "checkout", version: "5.13", host: "c1", count: 2))
        }
        let store = try Self.store(backend, events: events)
        let memory = MemoryAnalysisSource(events: events)
        let hosts = try memory.versionHosts(service: "checkout", version: "5.14", from: t0, to: t0 + .minutes(30), historyFrom: t0 - .hours(1), historyTo: t0)
        #expect(hosts.hosts == 1)
        #expect(hosts.historyOccurrences == 120)
        for minute in [4, 10, 20] {
            let at = t0 + .minutes(Int64(minute))
            let fromStore = try store.guardVerdict(change: "deploy-5.14-canary", at: at)
            #expect(fromStore == (try ChangeGuard().verdict(change: events[0], at: at, source: memory)))
            #expect(fromStore.outcome != .failing)
        }
    }

    /// A regional canary's hosts standing out are counted alike by the store and the memory source (signals grouped
    /// by host and region).
    @Test(arguments: TestBackend.available) func hostsStandingOutAreReadAlikeFromTheStore(_ backend: TestBackend) throws {
        let regions = ["eu", "us", "ap"]
        var events = [
            Event(
                id: "deploy-eu-canary", time: t0, kind: .deploy, service: "checkout", version: "5.14", scope: Scope(percent: 1, regions: ["eu"]),
                actor: "ci", source: "ci")
        ]
        for i in 0..<30 {
            let labels = Labels(["region": regions[i % 3]])
            events.append(Event(id: "h\(i)-before", time: t0 + .minutes(Int64(i - 58)), kind: .crash, service: "checkout", host: "h\(i)", labels: labels))
            events.append(Event(id: "h\(i)-after", time: t0 + .seconds(Int64(54 * i)), kind: .crash, service: "checkout", host: "h\(i)", labels: labels))
            for k in 0..<6 where [0, 3, 6].contains(i) {
                events.append(
                    Event(id: "h\(i)-bad-\(k)", time: t0 + .minutes(Int64(5 + 3 * k)), kind: .crash, service: "checkout", host: "h\(i)", labels: labels))
            }
        }
        let store = try Self.store(backend, events: events)
        let memory = MemoryAnalysisSource(events: events)
        let counts = try memory.signalCounts(SignalQuery(services: ["checkout"], from: t0, to: t0 + .minutes(28), byRegion: true, byHost: true))
        #expect(counts.first { $0.host == "h3" }?.occurrences == 7)
        #expect(counts.first { $0.host == "h3" }?.region == "eu")
        for minute in [10, 20, 28] {
            let at = t0 + .minutes(Int64(minute))
            #expect(try store.guardVerdict(change: "deploy-eu-canary", at: at) == (try ChangeGuard().verdict(change: events[0], at: at, source: memory)))
        }
        let v = try store.guardVerdict(change: "deploy-eu-canary", at: t0 + .minutes(28))
        #expect(
            v.evidence.first { $0.rule == "canary" }?.text.hasSuffix(
                "; 3 hosts in eu failed at 4× their usual rate or more, against 0 on the rest of the fleet") == true)
    }

    /// The bundled CrowdStrike sample replayed minute by minute: Channel File 291 turns failing before the first
    /// customer report at 04:20.
    @Test func theCrowdStrikeSampleFailsBeforeTheFirstCustomerReport() throws {
        let store = try EventStore.inMemory()
        _ = try store.ingest(try ByteInput(path: SampleIncidentsTests.root.appendingPathComponent("crowdstrike-2024-07-19/events.jsonl").path))
        let change = try store.guardedChange("cs-channel-file-291")
        let r = try store.guardReplay(change: change, from: change.time + .minutes(1), until: change.time + .hours(1))
        let failing = try #require(r.failing)
        #expect(failing.evaluatedAt < (try Timestamp.parse("2024-07-19T04:20:00Z").get()))
        #expect(failing.evidence.first?.rule == "canary")
        // No falcon-sensor signal came in the hour before 04:09: the sentence says what usual rate it took instead.
        #expect(
            failing.evidence.first?.text.hasSuffix("no signal came in the 1h before its first step, so the usual rate is taken as half one in that span")
                == true)
    }
}
