/// A review across incidents: their figures for the period, per service and per month, the safe-release
/// gaps that recur, and DORA's four keys; pure and deterministic for the same input.
public struct Review: Sendable, Equatable {
    /// One service's figures.
    public struct ServiceSlice: Sendable, Equatable {
        public var service: String
        public var figures: ReviewFigures
        public var dora: DORAKeys
    }

    /// One calendar month's figures (UTC), `2024-10`.
    public struct MonthSlice: Sendable, Equatable {
        public var month: String
        public var figures: ReviewFigures
        public var dora: DORAKeys
    }

    /// A safe-release practice missing in several incidents: `no canary: 7 of 9 change-triggered incidents`.
    public struct RecurringGap: Sendable, Equatable {
        public var practice: String
        /// `no canary or staged rollout`.
        public var label: String
        public var gaps: Int
        public var outOf: Int
        /// `change-triggered incidents` or `incidents`.
        public var of: String
        /// The incidents that had the gap.
        public var incidents: [String]
    }

    /// One incident of the period, for the detection-lag trend.
    public struct IncidentPoint: Sendable, Equatable {
        public var incident: String
        public var at: Timestamp
        public var detectionLag: TimeSpan?
        public var detectedByCustomersFirst: Bool
        public var trigger: String?
    }

    public var since: Timestamp
    public var until: Timestamp
    public var now: Timestamp
    public var services: [String]
    public var overall: ReviewFigures
    public var dora: DORAKeys
    public var byService: [ServiceSlice]
    public var byMonth: [MonthSlice]
    public var recurringGaps: [RecurringGap]
    public var incidents: [IncidentPoint]

    /// When an incident happened, for placing it in the period: impact start, else detection, mitigation, resolution.
    static func anchor(_ a: IncidentAnalysis) -> Timestamp? { a.impactStart ?? a.detectedAt ?? a.mitigatedAt ?? a.resolvedAt }

    /// One change for counting: its staged rollout's steps and its started/finished reports are one change.
    static func changeKey(_ e: Event) -> String {
        e.version.map { "\(e.service)\u{1F}\(e.kind.rawValue)\u{1F}\($0)" } ?? "id\u{1F}\(e.id)"
    }

    /// `2024-10`.
    static func month(_ t: Timestamp) -> String {
        let c = t.components()
        return "\(c.year)-" + (c.month < 10 ? "0" : "") + "\(c.month)"
    }

    public init(_ input: ReviewInput) {
        since = input.since
        until = input.until
        now = input.now
        services = input.services
        let filter = Set(input.services)
        func inScope(_ a: IncidentAnalysis) -> Bool { filter.isEmpty || !filter.isDisjoint(with: a.services) }
        let inPeriod = input.analyses.filter { a in
            guard let t = Self.anchor(a) else { return false }
            return t >= input.since && t < input.until && inScope(a)
        }.sorted { (Self.anchor($0)!, $0.incident) < (Self.anchor($1)!, $1.incident) }

        // Production changes, one per key, kept when their last report is not a failure.
        var groups: [String: [Event]] = [:]
        for e in input.changes
        where e.kind.isChange && e.kind != .rollback && e.environment == Event.defaultEnvironment
            && e.time >= input.since && e.time < input.until && (filter.isEmpty || filter.contains(e.service))
        {
            groups[Self.changeKey(e), default: []].append(e)
        }
        let counted = groups.compactMapValues { events -> [Event]? in
            let sorted = events.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
            return sorted.last?.effectiveStatus == "failed" ? nil : sorted
        }
        // A false alarm triggered nothing: its change does not count as failed.
        let triggerKeys = Set(input.analyses.filter { $0.falseAlarm == nil }.compactMap { $0.trigger.map { Self.changeKey($0.change) } })
        let days = Double((input.until - input.since).milliseconds) / 86_400_000

        func keys(_ changeKeys: [String], _ incidents: [IncidentAnalysis], days: Double) -> DORAKeys {
            var d = DORAKeys()
            d.changes = changeKeys.count
            d.days = days
            d.failedChanges = changeKeys.filter(triggerKeys.contains).count
            let leads = changeKeys.compactMap { key -> TimeSpan? in
                let events = counted[key]!
                guard let commit = events.compactMap(\.commitTime).min(), let last = events.last else { return nil }
                return (last.end ?? last.time) - commit
            }
            d.leadTimes = leads.count
            d.leadTimeMedian = Percentile.of(leads, 50)
            d.leadTimeP90 = Percentile.of(leads, 90)
            let recoveries = incidents.compactMap { a in a.trigger.flatMap { t in a.mitigatedAt.map { $0 - t.change.time } } }
            d.recoveries = recoveries.count
            d.recoveryMedian = Percentile.of(recoveries, 50)
            d.recoveryP90 = Percentile.of(recoveries, 90)
            return d
        }
        func figures(_ incidents: [IncidentAnalysis]) -> ReviewFigures {
            ReviewFigures(incidents, actionItems: input.actionItems, now: input.now)
        }

        overall = figures(inPeriod)
        dora = keys(counted.keys.sorted(), inPeriod.filter { $0.falseAlarm == nil }, days: days)

        let serviceNames =
            filter.isEmpty
            ? Set(inPeriod.flatMap(\.services)).union(counted.values.compactMap { $0.first?.service }).sorted()
            : input.services.sorted()
        byService = serviceNames.map { s in
            let incidents = inPeriod.filter { $0.services.contains(s) }
            let changeKeys = counted.filter { $0.value.first?.service == s }.keys.sorted()
            // A service's recovery time is that of the incidents its own changes triggered.
            let triggeredHere = inPeriod.filter { $0.trigger?.change.service == s && $0.falseAlarm == nil }
            return ServiceSlice(service: s, figures: figures(incidents), dora: keys(changeKeys, triggeredHere, days: days))
        }

        var months = [Self.month(input.since)]
        while case let next = Self.monthStart(months.last!, plus: 1), next < input.until { months.append(Self.month(next)) }
        byMonth = months.map { m in
            let incidents = inPeriod.filter { Self.month(Self.anchor($0)!) == m }
            let changeKeys = counted.filter { Self.month($0.value.last!.time) == m }.keys.sorted()
            let start = max(input.since, Self.monthStart(m))
            let end = min(input.until, Self.monthStart(m, plus: 1))
            return MonthSlice(
                month: m, figures: figures(incidents),
                dora: keys(changeKeys, incidents.filter { $0.falseAlarm == nil }, days: Double((end - start).milliseconds) / 86_400_000))
        }

        let real = inPeriod.filter { $0.falseAlarm == nil }
        recurringGaps = Self.gaps(real)
        incidents = real.map { a in
            IncidentPoint(
                incident: a.incident, at: Self.anchor(a)!, detectionLag: a.detectionLag,
                detectedByCustomersFirst: a.detectedExternallyFirst == true, trigger: a.trigger?.change.id)
        }
    }

    /// The first instant of month `m` (`2024-10`), or of the month `plus` months later.
    static func monthStart(_ m: String, plus: Int = 0) -> Timestamp {
        let parts = m.split(separator: "-").compactMap { Int($0) }
        var year = parts[0]
        var month = parts[1] + plus
        while month > 12 {
            month -= 12
            year += 1
        }
        let text = "\(year)-" + (month < 10 ? "0" : "") + "\(month)-01T00:00:00Z"
        return (try? Timestamp.parse(text).get()) ?? Timestamp(milliseconds: 0)
    }

    /// What a finding with a gap means, and which incidents it is judged over.
    static let gapLabels: [String: (label: String, overTriggered: Bool)] = [
        "canary": ("no canary or staged rollout", true),
        "deploy_separated_from_release": ("deploy not separated from release", true),
        "rollback": ("no rollback of the trigger", true),
        "internal_detection": ("customers detected it first", false),
        "detection_lag": ("detection slower than the target", false),
    ]

    static func gaps(_ incidents: [IncidentAnalysis]) -> [RecurringGap] {
        let triggered = incidents.filter { $0.trigger != nil }.count
        var byPractice: [String: [String]] = [:]
        for a in incidents {
            for f in a.findings where f.ok == false { byPractice[f.practice, default: []].append(a.incident) }
        }
        return byPractice.map { practice, ids in
            let meta = gapLabels[practice] ?? (String(practice.map { $0 == "_" ? " " : $0 }), false)
            return RecurringGap(
                practice: practice, label: meta.label, gaps: ids.count, outOf: meta.overTriggered ? triggered : incidents.count,
                of: meta.overTriggered ? "change-triggered incidents" : "incidents", incidents: ids)
        }.sorted { ($1.gaps, $0.practice) < ($0.gaps, $1.practice) }
    }
}
