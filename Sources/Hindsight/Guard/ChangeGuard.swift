/// Judges a change while it rolls out (docs/guard.md): the correlator's rules on the change's exposure so far give
/// log-likelihood ratios that add to a prior in log-odds; the probability that the change is bad decides.
///
/// - `failing` when that probability clears `failingThreshold` with at least `minimumSignals` signals on what it
///   reached (its version, else its regions, else its service) since its first step;
/// - `healthy` when it stays under `healthyThreshold` after `minimumObservation`, and the exposed part would have
///   produced `minimumExpectedSignals` at the usual rate (so that silence says something);
/// - `inconclusive` otherwise, with what is missing.
///
/// A pure function of the facts, which are a pure function of the store and the time: the same store and the same
/// time give the same verdict.
public struct ChangeGuard: Sendable {
    public var options: GuardOptions

    public init(options: GuardOptions = GuardOptions()) { self.options = options }

    /// The verdict on `change` as of `at`, from the facts `source` holds up to then.
    public func verdict(change: Event, at: Timestamp, source: some AnalysisSource) throws -> GuardVerdict {
        verdict(try GuardFacts.gather(change, at: at, from: source, options: options))
    }

    /// The verdict on gathered facts.
    public func verdict(_ facts: GuardFacts) -> GuardVerdict {
        let at = facts.at
        var verdict = GuardVerdict(
            change: facts.asked, outcome: .inconclusive, failingProbability: options.prior, evidence: [], exposure: facts.exposure, missing: [],
            signalsSince: facts.signalsSince, expectedSignals: facts.expectedSignals, baselineRate: facts.baselineRate,
            incident: facts.incidentID, evaluatedAt: at)
        guard let start = facts.exposure.since else {
            verdict.missing = ["it had not begun by \(at.rfc3339): its first step is at \(facts.asked.time.rfc3339)"]
            return verdict
        }
        verdict.recovery = recovery(facts)
        let observations = GuardEvidence.observations(facts, options: options)
        let p = LogOdds.probability(options.priorLogOdds + observations.reduce(0) { $0 + $1.llr })
        verdict.evidence = Self.ordered(observations)
        verdict.failingProbability = (p * 1000).rounded() / 1000
        if p >= options.failingThreshold && facts.signalsOnIt >= options.minimumSignals {
            verdict.outcome = .failing
            return verdict
        }
        verdict.missing = missing(facts, probability: p, observed: at - start)
        verdict.outcome = verdict.missing.isEmpty ? .healthy : .inconclusive
        return verdict
    }

    /// The sentence saying its impact is over, when a rollback of it ended at least `minimumObservation` ago and the
    /// signals since are back within half again the usual rate; `nil` otherwise.
    func recovery(_ facts: GuardFacts) -> String? {
        guard let rb = facts.candidate.rollback, let after = facts.candidate.rateAfterRollback else { return nil }
        let ended = max(rb.end ?? rb.time, rb.time)
        guard facts.at - ended >= options.minimumObservation, after <= max(1.5 * facts.baselineRate, facts.baselineRate + 1) else { return nil }
        return "rollback \(rb.id) ended at \(ended.rfc3339); signals on \(facts.asked.service) since are at \(Self.rate(after)), "
            + "against \(Self.rate(facts.baselineRate)) before it"
    }

    /// What keeps a change that is not failing from being called healthy, each a sentence; empty when nothing does.
    func missing(_ facts: GuardFacts, probability p: Double, observed: TimeSpan) -> [String] {
        var out: [String] = []
        let service = facts.asked.service
        if p >= options.failingThreshold {
            out.append(
                "the evidence points at it, but only \(Formatting.thousands(facts.signalsOnIt)) signal\(facts.signalsOnIt == 1 ? "" : "s") on \(facts.onIt) "
                    + "beyond the usual rate came since its first step; a failing verdict needs \(options.minimumSignals)")
        } else if p > options.healthyThreshold {
            out.append("the evidence points neither way: its probability of failing is \(GuardVerdict.decimal2(p))")
        }
        if observed < options.minimumObservation {
            out.append("it has been out only \(observed); a healthy verdict needs at least \(options.minimumObservation)")
        }
        if facts.expectedSignals < options.minimumExpectedSignals {
            let share = facts.exposure.percent / 100
            if facts.baselineRate <= 0 {
                out.append(
                    "too little traffic to tell: no signal on \(service) in the \(options.baselineWindow) before its first step, so silence since "
                        + "says nothing")
            } else {
                let perHour = facts.baselineRate * share
                let needed = (options.minimumExpectedSignals - facts.expectedSignals) / max(perHour, 1e-9)
                let more = perHour > 0 ? ", about \(TimeSpan(milliseconds: Int64((needed * 3_600_000).rounded(.up)))) more at this exposure" : ""
                out.append(
                    "too little traffic to tell yet: at the usual rate (\(Self.rate(facts.baselineRate)) on \(service)) its exposed part would have "
                        + "produced about \(Self.count(facts.expectedSignals)) signals; \(Self.count(options.minimumExpectedSignals)) are needed\(more)")
            }
        }
        return out
    }

    /// Evidence for first (strongest first), then facts, then evidence against (strongest first).
    static func ordered(_ observations: [Observation]) -> [Observation] {
        observations.filter { $0.llr > 0 }.sorted { $0.llr > $1.llr } + observations.filter { $0.llr == 0 }
            + observations.filter { $0.llr < 0 }.sorted { $0.llr < $1.llr }
    }

    /// `12/h`, `0.5/h`.
    static func rate(_ perHour: Double) -> String {
        perHour >= 10 ? "\(Formatting.thousands(Int(perHour.rounded())))/h" : "\(Formatting.decimal((perHour * 10).rounded() / 10))/h"
    }

    /// `0.4`, `12`, `under 0.1`.
    static func count(_ n: Double) -> String {
        n > 0 && n < 0.05 ? "under 0.1" : n >= 10 ? Formatting.thousands(Int(n.rounded())) : Formatting.decimal((n * 10).rounded() / 10)
    }
}

extension ChangeGuard {
    /// The change's verdicts replayed every `step` from `from` to `until` (both included), as the watcher would have
    /// given them; stops at the first `failing`, which it returns with the verdicts before it.
    public func replay(change: Event, from: Timestamp, until: Timestamp, step: TimeSpan = .minutes(1), source: some AnalysisSource) throws
        -> (failing: GuardVerdict?, verdicts: [GuardVerdict])
    {
        var verdicts: [GuardVerdict] = []
        var t = from
        while t <= until {
            let v = try verdict(change: change, at: t, source: source)
            verdicts.append(v)
            if v.outcome == .failing { return (v, verdicts) }
            t = t + step
        }
        return (nil, verdicts)
    }
}
