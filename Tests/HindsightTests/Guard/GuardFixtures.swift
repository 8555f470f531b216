import Hindsight

/// Hand-made rollouts on `checkout` for the guard's tests: times in minutes after 2024-07-19T04:00:00Z, signals spread
/// evenly (deterministic) over the minutes they cover.
enum GF {
    static func at(_ minutes: Double) -> Timestamp { AF.at(minutes) }

    /// The guard's verdict, with the default options, on `change` at `minutes` over `events` in memory.
    static func verdict(_ events: [Event], change: Event, at minutes: Double) throws -> GuardVerdict {
        try ChangeGuard().verdict(change: change, at: at(minutes), source: MemoryAnalysisSource(events: events))
    }

    static func deploy(_ id: String, at minutes: Double, percent: Double? = 5, version: String = "v2", regions: [String] = [], end: Double? = nil)
        -> Event
    {
        Event(
            id: id, time: at(minutes), kind: .deploy, service: "checkout", end: end.map(at), version: version,
            scope: percent.map { Scope(percent: $0, regions: regions) } ?? (regions.isEmpty ? nil : Scope(regions: regions)))
    }

    /// `count` crashes spread over `[from, to)` minutes, each carrying `version` (when given) and `region`.
    static func crashes(_ count: Int, from: Double, to: Double, version: String? = "v1", region: String = "eu", tag: String) -> [Event] {
        (0..<count).map { i in
            let minute = from + (to - from) * Double(i) / Double(max(count, 1))
            return Event(
                id: "\(tag)-\(i)", time: at(minute), kind: .crash, service: "checkout", version: version, host: "\(tag)-host-\(i % 7)",
                labels: Labels(["region": region]))
        }
    }

    /// The usual background: one crash a minute on v1 from an hour before the change until `until`.
    static func background(until: Double) -> [Event] { crashes(Int(60 + until), from: -60, to: until, tag: "bg") }
}
