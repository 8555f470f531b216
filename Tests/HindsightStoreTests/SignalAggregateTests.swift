import Hindsight
import HindsightTestSupport
import Testing

@testable import HindsightStore

/// An incident's signals aggregated in one pass: SQLite's aggregate function gives what the SQL every
/// backend speaks gives, and both give the counts worked out by hand.
@Suite struct SignalAggregateTests {
    /// Incident `I` on `api`: linked crashes (hosts h1, h2, one without a host, a version and a region on
    /// some), unlinked crashes and an alert on `api` in its window (hosts h2, h3), one unlinked crash on
    /// another service and one long before the window, which are not its signals.
    static let events: [Event] = [
        Event(id: "declared", time: t0 + .minutes(20), kind: .incident, service: "api", status: "declared", incident: "I"),
        Event(
            id: "l1", time: t0 + .minutes(5), kind: .crash, service: "api", version: "v2", incident: "I", host: "h1", count: 3,
            labels: Labels(["region": "eu-west-1"])),
        Event(
            id: "l2", time: t0 + .minutes(6), kind: .crash, service: "api", version: "v2", incident: "I", host: "h2",
            labels: Labels(["region": "eu-west-1"])),
        Event(id: "l3", time: t0 + .minutes(7), kind: .crash, service: "api", incident: "I", count: 2),
        Event(id: "u1", time: t0 + .minutes(8), kind: .crash, service: "api", version: "v2", host: "h2"),
        Event(id: "u2", time: t0 + .minutes(9), kind: .crash, service: "api", version: "v2", host: "h3", count: 4),
        Event(id: "u3", time: t0 + .minutes(10), kind: .alert, service: "api", host: "h1"),
        Event(id: "elsewhere", time: t0 + .minutes(9), kind: .crash, service: "web", host: "h9"),
        Event(id: "long-before", time: t0 - .days(3), kind: .crash, service: "api", host: "h8"),
    ]

    /// Groups in one order, whatever order a backend returns them in.
    static func sorted(_ aggregate: SignalAggregate) -> SignalAggregate {
        var a = aggregate
        a.groups.sort {
            [String($0.half), $0.kind.rawValue, $0.service, $0.version ?? "", $0.region ?? ""].lexicographicallyPrecedes([
                String($1.half), $1.kind.rawValue, $1.service, $1.version ?? "", $1.region ?? "",
            ])
        }
        return a
    }

    @Test(arguments: TestBackend.available) func bothPathsGiveTheCountsByHand(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        try store.insert(Self.events)
        let scope = try store.incidentScope("I")
        let (onePass, portable) = try store.read { s in (try s.signalAggregate(scope.signalParts()), try s.groupedSignalAggregate(scope.signalParts())) }
        #expect(Self.sorted(onePass) == Self.sorted(portable))
        let a = Self.sorted(onePass)
        func group(_ half: Int, _ kind: EventKind, _ version: String?, _ region: String?) -> SignalAggregate.Group? {
            a.groups.first { $0.half == half && $0.kind == kind && $0.service == "api" && $0.version == version && $0.region == region }
        }
        #expect(a.groups.count == 4)
        let linkedV2 = try #require(group(0, .crash, "v2", "eu-west-1"))
        #expect((linkedV2.events, linkedV2.occurrences) == (2, 4))
        #expect((linkedV2.first, linkedV2.last) == ((t0 + .minutes(5)).milliseconds, (t0 + .minutes(6)).milliseconds))
        #expect(group(0, .crash, nil, nil).map { ($0.events, $0.occurrences) } ?? (0, 0) == (1, 2))
        let unlinked = try #require(group(1, .crash, "v2", nil))
        #expect((unlinked.events, unlinked.occurrences) == (2, 5))
        #expect(group(1, .alert, nil, nil).map { ($0.events, $0.occurrences) } ?? (0, 0) == (1, 1))
        // h2 crashed both linked and unlinked: it counts once; the crash without a host counts none.
        #expect(a.hosts == [.crash: 3, .alert: 1])
        #expect(a.has(.alert, inHalf: 1) && !a.has(.alert, inHalf: 0))
    }

    @Test func anEmptyScopeAggregatesToNothing() throws {
        let store = try EventStore.inMemory()
        try store.insert([Event(id: "declared", time: t0, kind: .incident, service: "api", status: "declared", incident: "I")])
        let scope = try store.incidentScope("I")
        #expect(try store.read { s in try s.signalAggregate(scope.signalParts()) } == SignalAggregate())
    }

    @Test func signalSummariesCountEachHostOnceAcrossTheHalves() throws {
        let store = try EventStore.inMemory()
        try store.insert(Self.events)
        let summaries = try store.analysisInput(incident: "I").signals
        let crash = try #require(summaries.first { $0.kind == .crash })
        #expect((crash.events, crash.occurrences, crash.hosts) == (5, 11, 3))
    }
}
