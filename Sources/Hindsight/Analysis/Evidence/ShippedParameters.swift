// Written by `make fit` (`hindsight-bench --fit`); do not edit by hand: fit again.
extension CorrelatorParameters {
    /// The parameter table that ships with Hindsight.
    static let shippedTable = """
        # Hindsight correlator parameters (docs/correlator.md). Written by `make fit` (hindsight-bench --fit); do not edit.
        # Each weight is the log-likelihood ratio one unit of its feature adds to a change's score; no change scores
        # none.base-rate. The posterior over all hypotheses decides; a change is named when its posterior reaches
        # decision.threshold and leads the runner-up by decision.margin.
        #
        # Fitted on 2145 generated incidents (120 per family, seed 20250101) and 30 incidents of the corpus's train folders (split.txt), each counting 20 times;
        # ridge penalty 1; threshold: the least at which every group's named triggers are right 90% of the time on that data.

        none.base-rate 5.5937  # score of 'no change in the store triggered it' against a change with no evidence
        timing.closeness 0.8739  # supports: ln(candidate window / gap between the change settling and the reference time), gap at least 1 minute
        cadence.series -0.2701  # against: ln(changes of its series — service, kind, source, actor — in the cadence window)
        cadence.service 0.0000  # against: ln(changes on its service in the cadence window)
        service.impact -0.6219  # either: 1 when the change is on the service where the impact began
        service.incident -2.0169  # either: 1 when it is on another of the incident's services
        service.global -1.5829  # either: 1 when it is a global change ('*')
        service.elsewhere 0.0000  # against: 1 when it is on none of the incident's services, nor upstream of them
        dependency-path.upstream -1.3737  # either: 1 when the change is on a service the incident's services depend on
        dependency-path.hops 0.0000  # against: hops beyond the first between its service and an incident service
        dependency-path.own-rise 0.0813  # supports: ln((signals/h on its own service after it + 1) / (before + 1)), when they more than tripled to 2/h or more
        onset.rise 0.0000  # supports: ln((signals/h after it + 1) / (signals/h before it + 1)) over the rate window when it more than tripled, else 0
        version-contrast.llr 2.8202  # supports: contrast of the share of versioned signals carrying its version against its fleet share (binomial log-likelihood ratio, see Contrast)
        version-contrast.absent -1.3010  # against: its fleet share, when no versioned signal of its service runs the version a deploy shipped
        region-contrast.llr 1.5214  # supports: contrast of the share of signals in the regions it reached against those regions' usual share (binomial log-likelihood ratio, see Contrast)
        host-contrast.llr 6.6952  # supports: contrast of the share of failing hosts it reached against its share of the service's hosts (binomial log-likelihood ratio, see Contrast)
        exposure-mismatch.hosts -0.3707  # against: 1 when at least twice as many hosts crashed as it reached (scope.hosts)
        recovery.fell 5.6167  # supports: share by which the signal rate fell after its rollback ended (when it fell by 70% or more)
        no-recovery.went-on 0.0000  # against: share of the signal rate left after its rollback ended (when it fell by less than 70%)
        fix-forward.fell 4.5621  # supports: share by which the signal rate fell after a later change on its target ended (when it fell by 70% or more)
        staged-step.began 1.3263  # supports: 1 when the impact began within the rate window after a later step while the earlier steps stayed quiet
        latent-activation.version 2.9363  # supports: share of versioned signals running a dormant earlier deploy's version
        latent-activation.target 1.6233  # supports: 1 when an earlier change that caused nothing shipped the same labels.target
        stale-reapply.older 4.0716  # either: 1 when it re-applies a version an earlier change had already replaced
        rollback-change.rollback -2.4605  # either: 1 when the candidate is a rollback
        failed-change.failed -4.4586  # against: 1 when its status is failed
        after-reference.after 0.0000  # against: 1 when it was recorded after the reference time
        decision.threshold 0.6900  # least posterior at which the best change is named
        decision.margin 0.1000  # least lead of the named change over the runner-up
        """
}
