/// Why a `--plan` text is not a usable staged rollout; stages are numbered from 1 and quoted as written.
public enum RolloutPlanError: Error, Equatable, CustomStringConvertible {
    case empty
    case malformedStage(stage: Int, text: String)
    case badShare(stage: Int, text: String)
    case shareOutOfRange(stage: Int, text: String, percent: Double)
    case badDuration(stage: Int, text: String, duration: String)
    case zeroDuration(stage: Int, text: String)
    case missingDuration(stage: Int, text: String)
    case durationOnLastStage(stage: Int, text: String)
    case notIncreasing(stage: Int, text: String, previous: Double)
    case doesNotReachWholeFleet(stage: Int, text: String, percent: Double)

    public var description: String {
        switch self {
        case .empty:
            return "the plan is empty; list stages as SHARE%:DURATION separated by commas, the last without a duration, such as 1%:30m,10%:1h,100%"
        case .malformedStage(let stage, let text):
            return "stage \(stage) '\(text)': expected SHARE%:DURATION such as 10%:1h (the last stage is just SHARE%, such as 100%)"
        case .badShare(let stage, let text):
            return "stage \(stage) '\(text)': the share must be a percentage of the fleet such as 10% or 0.5%"
        case .shareOutOfRange(let stage, let text, let percent):
            return "stage \(stage) '\(text)': a share of \(Formatting.decimal(percent))% is impossible; use a share above 0% and at most 100%"
        case .badDuration(let stage, let text, let duration):
            return "stage \(stage) '\(text)': '\(duration)' is not a duration; write it as 90s, 30m, 6h or 7d"
        case .zeroDuration(let stage, let text):
            return "stage \(stage) '\(text)': a stage must be held for longer than 0s; give it a duration such as 30m or remove it"
        case .missingDuration(let stage, let text):
            return "stage \(stage) '\(text)': only the last stage may omit how long it is held; write it as \(text):30m"
        case .durationOnLastStage(let stage, let text):
            let share = text.split(separator: ":").first.map(String.init) ?? "100%"
            return "stage \(stage) '\(text)': the last stage is held until the rollout is complete, so it takes no duration; write it as \(share)"
        case .notIncreasing(let stage, let text, let previous):
            return "stage \(stage) '\(text)': each stage must expose more of the fleet than the one before, "
                + "which already exposes \(Formatting.decimal(previous))%"
        case .doesNotReachWholeFleet(let stage, let text, let percent):
            return "stage \(stage) '\(text)': the plan ends at \(Formatting.decimal(percent))%, so it never reaches the whole fleet; end it with a 100% stage"
        }
    }
}
