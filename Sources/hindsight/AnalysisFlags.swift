import ArgumentParser
import Hindsight

/// Options of the analysis shared by `incidents`, `analyze`, `postmortem` and `whatif`.
struct AnalysisFlags: ParsableArguments {
    @Option(help: ArgumentHelp("How far before impact start changes are candidates.", valueName: "duration"))
    var window: TimeSpan = .days(7)

    @Option(help: ArgumentHelp("Clock-skew tolerance: changes this long after impact start still count.", valueName: "duration"))
    var skew: TimeSpan = .minutes(5)

    @Option(help: ArgumentHelp("Unlinked signals on the incident's services count from this long before it was declared.", valueName: "duration"))
    var lookback: TimeSpan = .hours(1)

    @Option(help: ArgumentHelp("Detection lag target for the findings.", valueName: "duration"))
    var detectionTarget: TimeSpan = .minutes(5)

    @Option(
        help: ArgumentHelp("Also rank changes made in this environment (repeatable); by default only production changes are candidates.", valueName: "name"))
    var environment: [String] = []

    @Option(
        help: ArgumentHelp(
            "A correlator parameter table to decide with instead of the shipped one (written by 'hindsight-bench --fit --verdicts DB --output FILE').",
            valueName: "file"),
        transform: ParameterTableFile.load)
    var parameters: CorrelatorParameters?

    @Option(
        help: ArgumentHelp(
            "The least confidence (posterior, 0-1 or a percentage) at which a change is named as the trigger; by default the parameter table's.",
            valueName: "p"),
        transform: ParameterTableFile.confidence)
    var minConfidence: Double?

    var options: AnalysisOptions {
        var o = AnalysisOptions()
        o.window = window
        o.clockSkew = skew
        o.lookback = lookback
        o.detectionTarget = detectionTarget
        o.environments = Set(environment)
        if let parameters { o.parameters = parameters }
        o.minimumConfidence = minConfidence
        return o
    }
}
