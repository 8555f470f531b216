extension GuardFacts {
    /// A host stands out when it gave at least this many signal occurrences since the first step, and this many
    /// times what its own baseline (or the fleet's per host, whichever is higher) predicts.
    static let standOutOccurrences = 3
    static let standOutFactor = 4.0
    /// The hosts that must stand out, in all, before they are compared beside the regions' signal counts.
    static let standOutHosts = 3

    /// The hosts failing far beyond their usual rate since a change's first step, in `regions` and elsewhere (each
    /// where most of its signals came from); `nil` when the signals name no host. A regional canary of a few hosts
    /// drowns in its region's usual failures, but its hosts stand out; a surge or an unrelated incident makes hosts
    /// stand out in every region alike, so comparing the two counts by the regions' share still cancels it. Hosts
    /// are counted, not their occurrences: one host's failures come together, so each host is one observation.
    static func hostsStandingOut(
        on service: String, in regions: [String], since: Timestamp, until: Timestamp, baselineFrom: Timestamp, hours: Double,
        baselineHours: Double, from source: some AnalysisSource
    ) throws -> (inside: Int, outside: Int)? {
        var before: [String: Int] = [:]
        for c in try source.signalCounts(SignalQuery(services: [service], from: baselineFrom, to: since, byHost: true)) {
            if let h = c.host { before[h, default: 0] += c.occurrences }
        }
        var after: [String: (inside: Int, outside: Int)] = [:]
        let reached = Set(regions)
        for c in try source.signalCounts(SignalQuery(services: [service], from: since, to: until, byRegion: true, byHost: true)) {
            guard let h = c.host else { continue }
            let inside = c.region.map { reached.contains($0) } ?? false
            after[h, default: (0, 0)].inside += inside ? c.occurrences : 0
            after[h, default: (0, 0)].outside += inside ? 0 : c.occurrences
        }
        guard !after.isEmpty else { return nil }
        let hosts = Set(before.keys).union(after.keys).count
        let scale = hours / baselineHours
        let perHost = Double(before.values.reduce(0, +)) / Double(hosts) * scale
        var inside = 0
        var outside = 0
        for (h, n) in after {
            let total = n.inside + n.outside
            let usual = max(Double(before[h] ?? 0) * scale, perHost)
            guard total >= standOutOccurrences, Double(total) >= standOutFactor * usual else { continue }
            if n.inside >= n.outside { inside += 1 } else { outside += 1 }
        }
        return (inside, outside)
    }
}
