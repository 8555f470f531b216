import Hindsight

/// A simulated fleet incident: a change reaching hosts in rollout stages, hosts crashing,
/// monitoring and customers noticing, the change reverted. `FleetGenerator` turns it into events.
///
/// The model, per host: it lives in one region (drawn by `regions` weights); it is exposed when
/// the first rollout stage whose `percent` covers it starts; with `crashProbability` it crashes
/// once, an exponential delay (mean `crashDelayMean`) after exposure; a crash that would fall at
/// or after the revert does not happen (the host got the fix first).
package struct FleetScenario: Sendable, Equatable {
    /// A region and its share of the fleet (weights need not sum to 1).
    package struct Region: Sendable, Equatable {
        package var name: String
        package var weight: Double
        package init(_ name: String, weight: Double) {
            self.name = name
            self.weight = weight
        }
    }

    /// A rollout stage: from `after` past the change, `percent` of the fleet is exposed.
    package struct Stage: Sendable, Equatable {
        package var percent: Double
        package var after: TimeSpan
        package var ring: String?
        package init(percent: Double, after: TimeSpan, ring: String? = nil) {
            self.percent = percent
            self.after = after
            self.ring = ring
        }
    }

    package var name: String
    package var service: String
    package var incident: String
    package var title: String
    package var severity: String?

    package var changeID: String
    package var changeKind: EventKind
    package var changeVersion: String
    /// The version crashes and alerts report as running where they happen; `nil`: `changeVersion`.
    /// A content or flag change runs inside code an earlier deploy shipped: then this names that code.
    package var signalVersion: String?
    package var changeSummary: String
    package var changeTime: Timestamp
    /// Cumulative exposure, in time order; the first stage is the change itself.
    package var stages: [Stage]

    /// Hosts that get the change once the last stage is reached.
    package var hosts: Int
    /// Host names are `<hostPrefix>-<region>-<n>`, aggregate host groups `<hostPrefix>/<region>/<bucket start>`.
    package var hostPrefix: String
    package var regions: [Region]
    /// Labels every crash carries besides `region` (e.g. `os`).
    package var labels: [String: String]

    package var crashProbability: Double
    package var crashDelayMean: TimeSpan

    /// The change is reverted this long after it was made; `nil`: only `autoRollbackDelay` reverts it.
    package var revertAfter: TimeSpan?
    /// Internal monitoring fires once this many hosts crashed (`nil`: no internal alert).
    package var alertAfterCrashes: Int?
    package var alertDelay: TimeSpan
    /// A pipeline reverts the change this long after the alert fires.
    package var autoRollbackDelay: TimeSpan?

    /// The first customer report comes `reportDelay` after this many hosts crashed (`nil`: none);
    /// up to `maxReports` follow every `reportInterval`.
    package var reportAfterCrashes: Int?
    package var reportDelay: TimeSpan
    package var reportInterval: TimeSpan
    package var maxReports: Int

    /// The incident is declared this long after the first detection (alert or report).
    package var declareDelay: TimeSpan
    /// The incident is resolved this long after mitigation (or declaration when nothing reverts).
    package var resolveAfter: TimeSpan
    /// How long after the change the simulation runs (crashes after it are not produced).
    package var horizon: TimeSpan
    /// Crash events aggregate this long a window per region (`count` = hosts); `nil`: one event per host.
    package var aggregation: TimeSpan?
    /// Whether crashes and alerts carry `incident` (customer reports never do: customers do not know the id).
    package var linkSignals: Bool

    package init(
        name: String, service: String, incident: String, title: String, severity: String? = nil,
        changeID: String, changeKind: EventKind, changeVersion: String, changeSummary: String,
        changeTime: Timestamp, stages: [Stage], hosts: Int, hostPrefix: String, regions: [Region],
        labels: [String: String] = [:], crashProbability: Double, crashDelayMean: TimeSpan,
        revertAfter: TimeSpan? = nil, alertAfterCrashes: Int? = nil, alertDelay: TimeSpan = .seconds(0),
        autoRollbackDelay: TimeSpan? = nil, reportAfterCrashes: Int? = nil, reportDelay: TimeSpan = .minutes(10),
        reportInterval: TimeSpan = .minutes(5), maxReports: Int = 0, declareDelay: TimeSpan = .minutes(5),
        resolveAfter: TimeSpan = .hours(1), horizon: TimeSpan = .hours(3), aggregation: TimeSpan? = nil,
        linkSignals: Bool = true, signalVersion: String? = nil
    ) {
        self.signalVersion = signalVersion
        self.name = name
        self.service = service
        self.incident = incident
        self.title = title
        self.severity = severity
        self.changeID = changeID
        self.changeKind = changeKind
        self.changeVersion = changeVersion
        self.changeSummary = changeSummary
        self.changeTime = changeTime
        self.stages = stages
        self.hosts = hosts
        self.hostPrefix = hostPrefix
        self.regions = regions
        self.labels = labels
        self.crashProbability = crashProbability
        self.crashDelayMean = crashDelayMean
        self.revertAfter = revertAfter
        self.alertAfterCrashes = alertAfterCrashes
        self.alertDelay = alertDelay
        self.autoRollbackDelay = autoRollbackDelay
        self.reportAfterCrashes = reportAfterCrashes
        self.reportDelay = reportDelay
        self.reportInterval = reportInterval
        self.maxReports = maxReports
        self.declareDelay = declareDelay
        self.resolveAfter = resolveAfter
        self.horizon = horizon
        self.aggregation = aggregation
        self.linkSignals = linkSignals
    }

    /// Problems that make the scenario unusable, as sentences naming the parameter; empty when fine.
    package var problems: [String] {
        var out: [String] = []
        if hosts < 1 { out.append("hosts is \(hosts); give at least 1") }
        if regions.isEmpty || regions.contains(where: { $0.weight <= 0 }) { out.append("regions need at least one region, each with a positive weight") }
        if stages.isEmpty { out.append("stages is empty; give at least the first stage (the change itself)") }
        if zip(stages, stages.dropFirst()).contains(where: { $0.percent > $1.percent || $0.after > $1.after }) {
            out.append("stages must grow: each stage's percent and start at or after the previous one's")
        }
        if stages.contains(where: { $0.percent <= 0 || $0.percent > 100 }) { out.append("stage percents must be in (0, 100]") }
        if !(0...1).contains(crashProbability) { out.append("crashProbability is \(crashProbability); give a value in 0...1") }
        if crashDelayMean.milliseconds < 0 || horizon.milliseconds < 1000 { out.append("crashDelayMean must be ≥ 0 and horizon at least 1s") }
        if let a = aggregation, a.milliseconds < 1000 || a.milliseconds % 1000 != 0 { out.append("aggregation must be a whole number of seconds, at least 1s") }
        return out
    }
}

extension FleetScenario {
    /// The CrowdStrike Channel File 291 push of 2024-07-19 (times from CrowdStrike's PIR; the fleet is simulated):
    /// content pushed to every online Windows host at 04:09 UTC, reverted at 05:27 UTC, about 8.5 million
    /// hosts crashed (Microsoft's estimate). Regions and their weights, delays and reports are assumptions.
    package static func crowdstrike(hosts: Int = 8_500_000) -> FleetScenario {
        FleetScenario(
            name: "crowdstrike", service: "falcon-sensor", incident: "crowdstrike-2024-07-19",
            title: "Windows hosts crash (BSOD) after Channel File 291", severity: "SEV1",
            changeID: "cs-channel-file-291", changeKind: .config, changeVersion: "channel-file-291",
            changeSummary: "Rapid Response Content update: two IPC Template Instances (Channel File 291)",
            changeTime: Timestamp(seconds: 1_721_362_140),  // 2024-07-19T04:09:00Z
            stages: [Stage(percent: 100, after: .seconds(0))],
            hosts: hosts, hostPrefix: "win",
            regions: [
                Region("north-america", weight: 0.42), Region("europe", weight: 0.30),
                Region("asia-pacific", weight: 0.18), Region("latin-america", weight: 0.06),
                Region("middle-east-africa", weight: 0.04),
            ],
            labels: ["os": "windows", "channel_file": "291"],
            crashProbability: 1, crashDelayMean: .minutes(5),
            revertAfter: .minutes(78),
            reportAfterCrashes: 10_000, reportDelay: .minutes(11), reportInterval: .minutes(4), maxReports: 12,
            declareDelay: .minutes(40), resolveAfter: .minutes(6 * 1440 + 18 * 60 + 33),  // resolved 2024-07-26T00:00Z
            horizon: .hours(2), aggregation: .seconds(60),
            // The crashing code is the sensor 7.11 driver reading the channel file.
            signalVersion: "7.11")
    }

    /// A small service whose bad deploy a canary stage catches: 1% of hosts first, an alert after a few
    /// crashes, an automatic rollback before the next stage. Entirely fictional.
    package static func canary(hosts: Int = 2_000) -> FleetScenario {
        FleetScenario(
            name: "canary", service: "checkout", incident: "checkout-canary-2024-06-12",
            title: "checkout 2.4.0 canary crashes", severity: "SEV3",
            changeID: "deploy-checkout-2.4.0", changeKind: .deploy, changeVersion: "2.4.0",
            changeSummary: "checkout 2.4.0 (staged: canary 1%, 10%, 50%, 100%)",
            changeTime: Timestamp(seconds: 1_718_200_800),  // 2024-06-12T14:00:00Z
            stages: [
                Stage(percent: 1, after: .seconds(0), ring: "canary"), Stage(percent: 10, after: .minutes(30)),
                Stage(percent: 50, after: .hours(1)), Stage(percent: 100, after: .hours(2)),
            ],
            hosts: hosts, hostPrefix: "checkout",
            regions: [Region("eu-west-1", weight: 0.5), Region("us-east-1", weight: 0.35), Region("ap-southeast-1", weight: 0.15)],
            labels: ["runtime": "jvm"],
            crashProbability: 0.6, crashDelayMean: .seconds(90),
            alertAfterCrashes: 5, alertDelay: .seconds(60), autoRollbackDelay: .seconds(45),
            declareDelay: .minutes(2), resolveAfter: .minutes(40),
            horizon: .hours(3), aggregation: nil)
    }
}
