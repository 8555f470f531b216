/// A staged rollout to simulate: stages of increasing share, the last one at 100% of the fleet.
///
/// Written as `1%:30m,10%:1h,100%`: each stage is `SHARE%:DURATION` (how long it is held
/// before the next stage starts), except the last, which is held until the rollout is complete.
public struct RolloutPlan: Sendable, Equatable, CustomStringConvertible {
    public var stages: [RolloutStage]

    /// The plan the analysis uses for its `staged_rollout_whatif` finding.
    public static let `default` = RolloutPlan(validated: [
        RolloutStage(percent: 1, hold: .minutes(30)),
        RolloutStage(percent: 10, hold: .hours(1)),
        RolloutStage(percent: 100),
    ])

    init(validated stages: [RolloutStage]) { self.stages = stages }

    /// Validates stages built in code with the same rules as `parse`.
    public init(stages: [RolloutStage]) throws(RolloutPlanError) {
        try Self.validate(stages, texts: stages.map(Self.text))
        self.stages = stages
    }

    /// Parses `1%:30m,10%:1h,100%`, naming the stage and what is wrong when it cannot.
    public static func parse(_ text: String) throws(RolloutPlanError) -> RolloutPlan {
        let trimmed = text.trimming(" ")
        guard !trimmed.isEmpty else { throw .empty }
        let items = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimming(" ") }
        var stages: [RolloutStage] = []
        for (i, item) in items.enumerated() {
            let n = i + 1
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimming(" ") }
            guard !item.isEmpty, parts.count <= 2, parts[0].hasSuffix("%") else { throw .malformedStage(stage: n, text: item) }
            guard let percent = Self.percent(parts[0]) else { throw .badShare(stage: n, text: item) }
            var hold: TimeSpan?
            if parts.count == 2 {
                guard let span = TimeSpan.parse(parts[1]) else {
                    if parts[1].isEmpty { throw .malformedStage(stage: n, text: item) }
                    throw .badDuration(stage: n, text: item, duration: parts[1])
                }
                hold = span
            }
            stages.append(RolloutStage(percent: percent, hold: hold))
        }
        try validate(stages, texts: items)
        return RolloutPlan(validated: stages)
    }

    static func validate(_ stages: [RolloutStage], texts: [String]) throws(RolloutPlanError) {
        guard !stages.isEmpty else { throw .empty }
        var previous: Double?
        for (i, s) in stages.enumerated() {
            let n = i + 1
            let text = texts[i]
            guard s.percent > 0, s.percent <= 100 else { throw .shareOutOfRange(stage: n, text: text, percent: s.percent) }
            if let p = previous, s.percent <= p { throw .notIncreasing(stage: n, text: text, previous: p) }
            previous = s.percent
            let last = i == stages.count - 1
            switch (s.hold, last) {
            case (nil, false): throw .missingDuration(stage: n, text: text)
            case (_?, true): throw .durationOnLastStage(stage: n, text: text)
            case (let hold?, false) where hold.milliseconds <= 0: throw .zeroDuration(stage: n, text: text)
            default: break
            }
        }
        if let last = stages.last, last.percent < 100 {
            throw .doesNotReachWholeFleet(stage: stages.count, text: texts[stages.count - 1], percent: last.percent)
        }
    }

    /// `10%` → 10; digits with at most one decimal point, so `inf`, `1e2` or `-5%` are refused.
    static func percent(_ text: String) -> Double? {
        let number = text.dropLast()
        guard !number.isEmpty, number.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." }),
            number.filter({ $0 == "." }).count <= 1, number.first != ".", number.last != "."
        else { return nil }
        return Double(number)
    }

    /// When each stage starts, counted from the start of the rollout.
    public var stageStarts: [TimeSpan] {
        var starts: [TimeSpan] = []
        var elapsed = TimeSpan(milliseconds: 0)
        for s in stages {
            starts.append(elapsed)
            elapsed = TimeSpan(milliseconds: elapsed.milliseconds + (s.hold?.milliseconds ?? 0))
        }
        return starts
    }

    /// The plan in the form `parse` reads: `1%:30m,10%:1h,100%`.
    public var description: String { stages.map(Self.text).joined(separator: ",") }

    static func text(_ s: RolloutStage) -> String {
        "\(Formatting.decimal(s.percent))%" + (s.hold.map { ":" + compact($0) } ?? "")
    }

    /// `1h30m`: `TimeSpan.description` puts a space in compounds, which `TimeSpan.parse` refuses.
    static func compact(_ span: TimeSpan) -> String {
        var ms = span.milliseconds
        var out = ""
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] where ms >= size {
            out += "\(ms / size)\(unit)"
            ms %= size
        }
        return out.isEmpty ? "0s" : out
    }
}
