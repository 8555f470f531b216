/// Latent activation: a release or configuration change that switched on something shipped earlier and left
/// dormant — code whose version the signals carry (a deploy, dormant for the rate window before a release and a
/// day before a config push, since the deploy of the last hours is simply the version running), or a change that
/// shipped the same target (`changeTarget`: a flag or key) and caused nothing when it landed.
package struct LatentActivationRule: EvidenceRule {
    package init() {}

    package let name = "latent-activation"
    package let features = [
        EvidenceFeature("latent-activation.version", .supports, "share of versioned signals running a dormant earlier deploy's version"),
        EvidenceFeature("latent-activation.target", .supports, "1 when an earlier change that caused nothing shipped the same labels.target"),
    ]

    /// How long code must have run before a config push counts as switching it on.
    static let dormantCode = TimeSpan.days(1)

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        let c = f.change
        guard c.kind == .release || c.kind == .config, let latent = Self.latent(for: c, in: context) else { return nil }
        switch latent {
        case .version(let deploy, let share):
            return Measurement(
                [share, 0],
                "\(EvidenceText.percent(share)) of the versioned signals run '\(deploy.version ?? "")', shipped \(c.time - deploy.time) earlier by "
                    + "\(deploy.id), which this \(c.kind.rawValue) may have switched on")
        case .target(let earlier):
            return Measurement(
                [0, 1],
                "\(earlier.id) shipped '\(earlier.changeTarget ?? "")' \(c.time - earlier.time) earlier with no rise in signals after it; "
                    + "this \(c.kind.rawValue) changed the same target")
        }
    }

    /// What a release or config change may have switched on.
    package enum Latent: Sendable, Equatable {
        /// A deploy whose version that share of the versioned signals run.
        case version(Event, Double)
        /// An earlier change on the same target that caused nothing when it landed.
        case target(Event)

        package var change: Event {
            switch self {
            case .version(let e, _), .target(let e): return e
            }
        }
    }

    /// The deploy on the change's service (any service for a global change), before it and dormant, whose version
    /// the most signals carry; else the latest earlier quiet change on its target.
    package static func latent(for c: Event, in context: EvidenceContext) -> Latent? {
        let input = context.input
        let reference = context.reference
        let candidates = input.candidates
        let dormant = c.kind == .release ? context.options.rateWindow : dormantCode
        var best: (Event, Double)?
        // The earlier deploys, then the candidates that are deploys: read in place, since this runs for every candidate.
        func consider(_ d: Event) {
            guard d.service == c.service || c.service == Event.globalService, d.time < c.time,
                d.time >= c.time - context.options.latentWindow, d.time <= reference - dormant, let v = d.version
            else { return }
            let versions = input.versions(on: d.service)
            guard let n = versions[v], n > 0 else { return }
            let share = Double(n) / Double(versions.values.reduce(0, +))
            if share > (best?.1 ?? 0) || (share == best?.1 && d.time > best!.0.time) { best = (d, share) }
        }
        for d in input.earlierDeploys { consider(d) }
        for e in candidates where e.change.kind == .deploy { consider(e.change) }
        if let (deploy, share) = best { return .version(deploy, share) }
        guard let key = c.changeTarget else { return nil }
        let quiet = candidates.filter { e in
            let d = e.change
            return d.id != c.id && d.service == c.service && d.time < c.time && d.time <= reference - dormant && d.changeTarget == key
                && d.kind != .rollback && !(e.rateAfter > max(3 * e.rateBefore, 0.5))
                // The same automation pushing the same key again switches nothing on.
                && (d.kind != c.kind || d.source != c.source || d.actor != c.actor)
        }
        return quiet.map(\.change).max { ($0.time, $0.id) < ($1.time, $1.id) }.map(Latent.target)
    }
}
