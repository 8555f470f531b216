extension WhatIfModel {
    /// The `staged_rollout_whatif` finding: what the default plan would have changed, for a trigger
    /// that went to the whole fleet at once; `nil` for any other trigger (nothing to compare).
    public static func finding(for a: IncidentAnalysis) -> Finding? {
        guard let t = a.trigger else { return nil }
        let steps = t.rolloutSteps.isEmpty ? [t.change] : t.rolloutSteps
        guard steps.count == 1, let only = steps.first,
            only.scope?.percent == 100 || (only.scope?.percent == nil && only.scope?.ring == nil && only.service == Event.globalService)
        else { return nil }
        let practice = "staged_rollout_whatif"
        do {
            let r = try WhatIfModel(plan: .default).simulate(a)
            return Finding(practice: practice, ok: r.reductionFactor > 1 ? false : nil, detail: r.sentence)
        } catch {
            return Finding(practice: practice, ok: nil, detail: "a staged rollout (\(RolloutPlan.default)) cannot be simulated: \(error)")
        }
    }
}
