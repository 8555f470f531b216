// Written by `make fit` (`hindsight-bench --fit`); do not edit by hand: fit again.
extension CorrelatorParameters {
    /// The parameter table that ships with Hindsight.
    static let shippedTable = """
        # Hand-set starting values, before the first fit.

        none.base-rate 5.5
        timing.closeness 0.5000
        cadence.series -0.8000
        cadence.service -0.3000
        service.impact 1.0000
        service.incident 0.0000
        service.global 0.5000
        service.elsewhere -1.5000
        dependency-path.upstream 0.5000
        dependency-path.hops -0.5000
        onset.rise 0.3000
        version-contrast.llr 2.0000
        version-contrast.absent -3.0000
        region-contrast.llr 2.0000
        host-contrast.llr 2.0000
        exposure-mismatch.hosts -1.5000
        recovery.fell 3.0000
        no-recovery.went-on -2.0000
        fix-forward.fell 2.5000
        staged-step.began 1.5000
        latent-activation.version 1.5000
        latent-activation.target 1.0000
        stale-reapply.older 0.0000
        failed-change.failed -2.0000
        after-reference.after -1.0000
        decision.threshold 0.7000
        decision.margin 0.1000
        """
}
