import Hindsight

/// Accumulates one scenario's events with unique ids, and the fleet of the incident's service.
struct AccuracyScenarioBuilder {
    let prefix: String
    var rng: SeededRandom
    var events: [Event] = []
    var next = 0
    static let regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1"]

    init(prefix: String, rng: SeededRandom) {
        self.prefix = prefix
        self.rng = rng
    }

    mutating func int(_ r: Range<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func unit() -> Double { rng.unit() }
    mutating func chance(_ p: Double) -> Bool { rng.unit() < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
    mutating func minutes(_ r: ClosedRange<Int>) -> TimeSpan { .minutes(Int64(int(r))) }

    mutating func id(_ tag: String) -> String {
        next += 1
        return "\(prefix)-\(tag)-\(next)"
    }

    /// A scope that distractors and triggers alike may carry: sometimes a percentage, regions or a ring.
    mutating func randomScope() -> Scope? {
        switch int(0..<4) {
        case 0: return nil
        case 1: return Scope(percent: Double(pick([5, 25, 50, 100])))
        case 2: return Scope(percent: 100, regions: Array(Self.regions.shuffled(using: &rng).prefix(int(1...3))))
        default: return Scope(percent: Double(pick([1, 2, 10])), ring: "canary")
        }
    }

    @discardableResult
    mutating func change(
        _ kind: EventKind, service: String, at time: Timestamp, version: String?, scope: Scope? = nil,
        actor: String? = nil, source: String? = nil, end: Timestamp? = nil, status: String? = nil,
        environment: String = Event.defaultEnvironment, id given: String? = nil, host: String? = nil, target: String? = nil
    ) -> String {
        let id = given ?? id(kind.rawValue)
        events.append(
            Event(
                id: id, time: time, kind: kind, service: service, environment: environment, end: end, version: version,
                status: status, host: host, scope: scope, actor: actor ?? pick(["deploy-bot", "jane", "sam", "ci"]),
                source: source ?? pick(["github-actions", "argo-cd", "spinnaker", "terraform"]), labels: target.map { Labels(["target": $0]) }))
        return id
    }

    /// A rollout that reports each host it reached (one change event per host, `host` set), over `span` from `at`;
    /// returns the last event's id (the step the analysis judges the rollout at).
    @discardableResult
    mutating func perHost(
        _ kind: EventKind, service: String, at: Timestamp, over span: TimeSpan, version: String, hosts: [String], percent: Double,
        actor: String, source: String
    ) -> String {
        var last = ""
        for (i, host) in hosts.enumerated() {
            let t = at + TimeSpan(milliseconds: span.milliseconds * Int64(i) / Int64(max(hosts.count, 1)))
            last = change(kind, service: service, at: t, version: version, scope: Scope(percent: percent), actor: actor, source: source, host: host)
        }
        return last
    }

    @discardableResult
    mutating func rollback(service: String, reverts: String, at time: Timestamp, end: Timestamp? = nil) -> String {
        let id = id("rollback")
        events.append(Event(id: id, time: time, kind: .rollback, service: service, end: end, reverts: reverts, actor: "on-call", source: "argo-cd"))
        return id
    }

    /// Crash aggregates once a minute over a span, each on a host of `hosts` with the version that host runs;
    /// `linkShare` of them carry `incident` (an integration that links some), the rest are found by service and window.
    mutating func crashes(
        service: String, from: Timestamp, for span: TimeSpan, hosts: [String], version: (String) -> String?,
        incident: String?, linkShare: Double = 1
    ) {
        let minutes = max(Int(span.seconds / 60), 1)
        for m in 0..<minutes {
            let host = hosts[int(0..<hosts.count)]
            events.append(
                Event(
                    id: id("crash"), time: from + .minutes(Int64(m)) + .seconds(Int64(m == 0 ? 0 : int(0..<60))), kind: .crash, service: service,
                    version: version(host), incident: chance(linkShare) ? incident : nil, host: host, count: int(1..<40),
                    labels: Labels(["region": Self.region(of: host)])))
        }
    }

    /// Sparse crashes on other services or long before the window: the background every fleet has.
    mutating func noise(service: String, around: Timestamp, version: String, hours: Range<Int>) {
        for _ in 0..<3 {
            let t = around - .hours(Int64(int(hours))) - .minutes(Int64(int(0..<60)))
            events.append(
                Event(
                    id: id("noise"), time: t, kind: .crash, service: service, version: version, host: "\(prefix)-\(service)-n\(int(0..<50))",
                    labels: Labels(["region": pick(Self.regions)])))
        }
    }

    /// An alert (unlinked most of the time) and the incident's declared / mitigated / resolved events.
    mutating func lifecycle(incident: String, service: String, onset: Timestamp, mitigated: Timestamp) {
        let alertAt = onset + .minutes(Int64(int(1...8)))
        events.append(
            Event(
                id: id("alert"), time: alertAt, kind: .alert, service: service, summary: "error rate high",
                incident: chance(0.3) ? incident : nil, source: "alertmanager"))
        let declared = alertAt + .minutes(Int64(int(1...25)))
        for (status, t) in [
            ("declared", declared), ("mitigated", max(mitigated, declared) + .minutes(2)),
            ("resolved", max(mitigated, declared) + .minutes(40)),
        ] {
            events.append(Event(id: id(status), time: t, kind: .incident, service: service, status: status, incident: incident))
        }
    }

    /// Host names of a service's fleet; the region is encoded in the name.
    func fleet(_ service: String, size: Int) -> [String] {
        (0..<size).map { "\(prefix)-\(service)-\(Self.regions[$0 % Self.regions.count])-\($0)" }
    }

    static func region(of host: String) -> String {
        regions.first { host.contains("-\($0)-") } ?? regions[0]
    }
}
