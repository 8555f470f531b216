/// Every rule the correlator weighs, in the order the parameter table lists their features.
package enum EvidenceRules {
    package static let all: [any EvidenceRule] = [
        TimingRule(), CadenceRule(), ServiceRule(), DependencyPathRule(), OnsetRule(), VersionContrastRule(), RegionContrastRule(),
        HostContrastRule(), ExposureMismatchRule(), RecoveryRule(), NoRecoveryRule(), FixForwardRule(), StagedStepRule(),
        LatentActivationRule(), ReapplicationRule(), RollbackChangeRule(), FailedChangeRule(), AfterReferenceRule(),
    ]

    /// Every feature of every rule, in table order.
    package static let features: [EvidenceFeature] = all.flatMap(\.features)
}
