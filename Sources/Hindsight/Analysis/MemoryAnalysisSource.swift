/// An `AnalysisSource` over events held in memory: for tests and small tools. It answers every
/// question by a pass over its events, as the store answers it in SQL.
public struct MemoryAnalysisSource: AnalysisSource, Sendable {
    public var events: [Event]
    public var edges: [CatalogEdge]

    public init(events: [Event], edges: [CatalogEdge] = []) {
        // Stored order: time, then insertion (the store's `seq`).
        self.events = events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        self.edges = edges
    }

    public func lifecycle(of incident: String) throws -> [Event] {
        events.filter { $0.kind == .incident && $0.incident == incident }
    }

    public func linkedSignalServices(of incident: String) throws -> [String] {
        Set(events.filter { $0.kind.isSignal && $0.incident == incident }.map(\.service)).sorted()
    }

    public func latestEventTime() throws -> Timestamp? { events.last?.time }

    public func signalSummaries(of scope: IncidentScope) throws -> [SignalSummary] {
        let signals = events.filter(scope.contains)
        return Dictionary(grouping: signals, by: \.kind).keys.sorted().map { kind in
            let of = signals.filter { $0.kind == kind }
            return SignalSummary(
                kind: kind, events: of.count, occurrences: of.reduce(0) { $0 + $1.count },
                hosts: Set(of.compactMap(\.host)).count, first: of.map(\.time).min()!, last: of.map(\.time).max()!)
        }
    }

    public func firstSignal(of scope: IncidentScope, kind: EventKind, firingOnly: Bool) throws -> Event? {
        events.first { $0.kind == kind && scope.contains($0) && (!firingOnly || $0.effectiveStatus == "firing") }
    }

    public func signalTimeline(of scope: IncidentScope, kind: EventKind, from: Timestamp, to: Timestamp, bucket: TimeSpan) throws -> [Int] {
        let n = Int(((to - from).milliseconds + bucket.milliseconds - 1) / bucket.milliseconds)
        var counts = Array(repeating: 0, count: max(n, 0))
        for e in events where e.time >= from && e.time < from + TimeSpan(milliseconds: Int64(n) * bucket.milliseconds) && e.kind == kind && scope.contains(e) {
            counts[Int((e.time - from).milliseconds / bucket.milliseconds)] += 1
        }
        return counts
    }

    public func signalCounts(_ q: SignalQuery) throws -> [SignalCount] {
        let services = Set(q.services)
        var counts: [String: SignalCount] = [:]
        for e in events where e.kind.isSignal {
            if let scope = q.scope { guard scope.contains(e) else { continue } } else { guard services.contains(e.service) else { continue } }
            if let from = q.from, e.time < from { continue }
            if let to = q.to, e.time >= to { continue }
            let version = q.byVersion ? e.version : nil
            let region = q.byRegion ? e.region : nil
            let host = q.byHost ? e.host : nil
            let key = [e.kind.rawValue, e.service, version ?? "\u{0}", region ?? "\u{0}", host ?? "\u{0}"].joined(separator: "\u{1F}")
            var c =
                counts[key] ?? SignalCount(kind: e.kind, service: e.service, version: version, region: region, host: host, events: 0, occurrences: 0)
            c.events += 1
            c.occurrences += e.count
            counts[key] = c
        }
        return counts.keys.sorted().map { counts[$0]! }
    }

    public func changes(on services: [String], from: Timestamp, through: Timestamp) throws -> [Event] {
        let set = Set(services)
        return events.filter { $0.kind.isChange && set.contains($0.service) && $0.time >= from && $0.time <= through }
    }

    public func rolloutSteps(of change: Event, limit: Int) throws -> [Event] {
        guard change.version != nil else { return [change] }
        return Array(events.filter { $0.kind == change.kind && $0.service == change.service && $0.version == change.version }.prefix(limit))
    }

    public func deploys(on services: [String], shipping versions: [String], from: Timestamp, before: Timestamp) throws -> [Event] {
        let set = Set(services)
        let shipped = Set(versions)
        return events.filter {
            $0.kind == .deploy && set.contains($0.service) && $0.version.map(shipped.contains) == true && $0.time >= from && $0.time < before
        }
    }

    public func rollbacks(reverting ids: [String]) throws -> [Event] {
        let set = Set(ids)
        return events.filter { $0.kind == .rollback && $0.reverts.map(set.contains) == true }
    }

    public func changeSeries(on services: [String], from: Timestamp, through: Timestamp) throws -> [ChangeSeries] {
        let set = Set(services)
        var series: [ChangeSeries] = []
        for e in events where e.kind.isChange && set.contains(e.service) && e.time >= from && e.time <= through {
            if let i = series.firstIndex(where: { $0.contains(e) }) {
                series[i].count += 1
                series[i].last = e.time
            } else {
                series.append(ChangeSeries(service: e.service, kind: e.kind, source: e.source, actor: e.actor, count: 1, first: e.time, last: e.time))
            }
        }
        return series
    }

    public func catalogEdges() throws -> [CatalogEdge] { edges }

    public func previousVersion(of change: Event, after: Timestamp, before: Timestamp) throws -> Event? {
        events.last {
            $0.kind == change.kind && $0.service == change.service && $0.version != nil && $0.version != change.version && $0.time > after
                && $0.time < before
        }
    }

    public func hostReach(of change: Event, reached _: Int, through: Timestamp, scope: IncidentScope, failingFrom: Timestamp, fleetSince: Timestamp) throws
        -> HostReach
    {
        // The set itself, not only its size: which failing hosts it reached.
        let reached = hosts(reachedBy: change, through: through)
        let failing = Set(events.filter { $0.service == change.service && $0.time >= failingFrom && scope.contains($0) }.compactMap(\.host))
        let seen = events.filter { e in
            e.service == change.service && e.time >= fleetSince && ((e.kind.isChange && e.time <= through) || (e.kind.isSignal && e.time <= scope.windowEnd))
        }
        let fleet = reached.union(failing).union(seen.compactMap(\.host))
        return HostReach(reached: reached.count, fleet: fleet.count, failing: failing.count, failingInside: failing.intersection(reached).count)
    }

    public func hostsReached(by changes: [Event], through: Timestamp) throws -> [Int] {
        changes.map { hosts(reachedBy: $0, through: through).count }
    }

    /// The hosts the rollout of `change` named by `through`: its service, kind and version, or the change alone without a version.
    func hosts(reachedBy change: Event, through: Timestamp) -> Set<String> {
        let rollout = events.filter { e in
            e.kind == change.kind && e.service == change.service && (change.version == nil ? e.id == change.id : e.version == change.version)
                && e.time <= through
        }
        return Set(rollout.compactMap(\.host))
    }

    public func signalSpread(on services: [String], boundaries: [Timestamp]) throws -> [Double] {
        let set = Set(services)
        let ranged = events.filter { e in e.kind.isSignal && set.contains(e.service) && (e.end.map { $0 > e.time } ?? false) }
        return zip(boundaries, boundaries.dropFirst()).map { a, b in
            ranged.reduce(0.0) { sum, e in
                let end = e.end!
                let overlap = Double(max(min(end, b).milliseconds - max(e.time, a).milliseconds, 0))
                let spread = Double(e.count) * overlap / Double((end - e.time).milliseconds)
                return sum + spread - (e.time >= a && e.time < b ? Double(e.count) : 0)
            }
        }
    }

    public func versionHosts(service: String, version: String, from: Timestamp, to: Timestamp, historyFrom: Timestamp, historyTo: Timestamp) throws
        -> (hosts: Int, historyOccurrences: Int)
    {
        let onService = events.filter { $0.kind.isSignal && $0.service == service && $0.host != nil }
        let hosts = Set(onService.filter { $0.version == version && $0.time >= from && $0.time < to }.compactMap(\.host))
        let history = onService.filter { $0.time >= historyFrom && $0.time < historyTo && hosts.contains($0.host!) }
        return (hosts.count, history.reduce(0) { $0 + $1.count })
    }

    public func versionShare(of version: String, on services: [String], from: Timestamp, to: Timestamp) throws -> VersionShare {
        let set = Set(services)
        let versioned = events.filter { $0.kind.isSignal && set.contains($0.service) && $0.version != nil && $0.time >= from && $0.time < to }
        return VersionShare(
            carrying: versioned.filter { $0.version == version }.reduce(0) { $0 + $1.count }, versioned: versioned.reduce(0) { $0 + $1.count })
    }

    public func lastSignalEnd(of scope: IncidentScope) throws -> Timestamp? {
        events.filter(scope.contains).compactMap(\.end).max()
    }

    public func otherIncidents(on services: [String], from: Timestamp, through: Timestamp, excluding: String) throws -> [Event] {
        let set = Set(services)
        return events.filter {
            $0.kind == .incident && set.contains($0.service) && $0.incident != nil && $0.incident != excluding && $0.time >= from && $0.time <= through
        }
    }
}
