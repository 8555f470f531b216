import Hindsight

/// A seeded stream of `events` realistic events for benchmarks: 30 days from 2024-06-01 over
/// `services` services, kinds in production-like shares (mostly crashes and alerts, few changes),
/// ids `b-<n>` (another prefix on request), attributes of about 100 bytes. Nothing is kept between events, so memory is flat.
package struct BenchmarkMix: Sendable {
    package var events: Int
    package var services: Int
    package var seed: UInt64
    /// Ids are this prefix and the event's number, so two mixes with different prefixes never share an id.
    package var idPrefix = "b-"

    /// 2024-06-01T00:00:00Z.
    package static let start = Timestamp(seconds: 1_717_200_000)
    package static let span = TimeSpan.days(30)

    /// Shares of each kind (sum 1): deploy 2%, release 1%, config 1%, rollback 0.3%, alert 20%,
    /// crash 70%, report 3%, incident 0.5%, note the rest.
    package static let shares: [(kind: EventKind, share: Double)] = [
        (.deploy, 0.02), (.release, 0.01), (.config, 0.01), (.rollback, 0.003),
        (.alert, 0.20), (.crash, 0.70), (.report, 0.03), (.incident, 0.005), (.note, 0.022),
    ]

    static let regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"]
    static let statuses = ["declared", "mitigated", "resolved"]

    /// How many incident ids the incident events draw from: 2,000 up to a million events, then one per 500
    /// events, so a year-sized store (10 million) has about 20,000 incidents as a team's would.
    package var incidentIDs: Int { max(2_000, events / 500) }

    package init(events: Int, services: Int = 200, seed: UInt64 = 1) {
        self.events = max(0, events)
        self.services = max(1, services)
        self.seed = seed
    }

    /// Calls `body` with every event, oldest first.
    package func generate(_ body: (Event) throws -> Void) rethrows {
        var rng = SeededRandom(seed: seed)
        var cumulative: [(EventKind, Double)] = []
        var sum = 0.0
        for s in Self.shares {
            sum += s.share
            cumulative.append((s.kind, sum))
        }
        let step = Double(Self.span.milliseconds) / Double(max(1, events))
        var lastChange: String?
        for i in 0..<events {
            let time = Self.start + TimeSpan(milliseconds: Int64(Double(i) * step))
            let draw = rng.unit()
            var kind = cumulative.first { draw < $0.1 }?.0 ?? .note
            if kind == .rollback && lastChange == nil { kind = .deploy }  // nothing to revert yet
            let svc = Int(rng.next() % UInt64(services))
            let service = "svc-" + Self.zeroPadded(svc)
            let region = Self.regions[Int(rng.next() % UInt64(Self.regions.count))]
            let build = rng.next()
            let id = idPrefix + String(i)
            let version = "\(svc % 7 + 1).\(build % 40).\(build >> 8 % 10)"
            let trace = hex(rng.next()) + hex(rng.next())
            let pod = service + "-" + String(hex(build).prefix(10))
            var attributes = "{\"trace\":\"" + trace + "\",\"pod\":\"" + pod
            attributes += "\",\"build\":" + String(build % 100_000) + ",\"zone\":\"" + region + "a\"}"
            var e = Event(id: id, time: time, kind: kind, service: service, labels: Labels(["region": region]), attributes: attributes)
            switch kind {
            case .deploy, .release, .config:
                e.version = kind == .release ? "flag-\(build % 500)" : version
                e.summary = "\(kind.rawValue) \(e.version!) to \(service)"
                e.scope = Scope(percent: [1, 10, 50, 100][Int(build % 4)])
                e.actor = "ci"
                lastChange = id
            case .rollback:
                e.reverts = lastChange
                e.summary = "revert " + (lastChange ?? "")
            case .alert:
                e.status = build % 5 == 0 ? "resolved" : "firing"
                e.summary = "error rate above SLO"
                e.severity = "P\(build % 4 + 1)"
            case .crash:
                e.host = service + "-" + Self.zeroPadded(Int(build % 500))
                e.version = version
                if build % 10 == 0 { e.count = Int(build % 50) + 2 }
            case .report:
                e.host = "customer-\(build % 10_000)"
                e.summary = "customer reports errors"
                e.source = "support-desk"
            case .incident:
                e.incident = "INC-\(build % UInt64(incidentIDs))"
                e.status = Self.statuses[Int(build % 3)]
                e.title = "\(service) degraded"
            case .note:
                e.summary = "on-call note"
            }
            try body(e)
        }
    }

    private func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// `7` → `"007"`: service and host numbers sort as text.
    static func zeroPadded(_ value: Int) -> String {
        let s = String(value)
        return s.count >= 3 ? s : String(repeating: "0", count: 3 - s.count) + s
    }
}
