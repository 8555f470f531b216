/// Two events whose order contradicts a metric: an incident declared, mitigated or resolved before its
/// first signal. The metric is left unknown rather than negative, and this names the events that disagree.
public struct TimeConflict: Sendable, Equatable {
    /// The metrics a conflict leaves unknown, named as in `analyze --json`.
    public enum Metric: String, Sendable, Equatable {
        case detectionLag = "detection_lag"
        case timeToMitigate = "time_to_mitigate"
        case timeToResolve = "time_to_resolve"

        /// `time to mitigate`.
        public var name: String { rawValue.split(separator: "_").joined(separator: " ") }
    }

    public var metric: Metric
    /// The event that ends the span: the detection, the rollback or `mitigated` event, the resolution.
    public var event: Event
    /// Impact start: the time of the first signal.
    public var impactStart: Timestamp
    /// The first signal itself, when the analysis was given it.
    public var firstSignal: Event?

    public init(metric: Metric, event: Event, impactStart: Timestamp, firstSignal: Event?) {
        self.metric = metric
        self.event = event
        self.impactStart = impactStart
        self.firstSignal = firstSignal
    }

    /// How long before impact start the event came.
    public var gap: TimeSpan { impactStart - event.time }

    /// One sentence naming both events and their times: `rollback rb-7 on payments at … came 10m before
    /// the first signal, crash c-1 on payments at …, so the time to mitigate is unknown; …`.
    public var sentence: String {
        let first = firstSignal.map { "the first signal, \(Self.mention($0)) at \(impactStart.rfc3339)" } ?? "impact start at \(impactStart.rfc3339)"
        return "\(Self.mention(event)) at \(event.time.rfc3339) came \(gap) before \(first), so the \(metric.name) is unknown; "
            + "one of the two times is wrong (a clock or a time zone?)"
    }

    /// `rollback rb-7 on payments`, `the 'mitigated' incident event inc-1-m`.
    static func mention(_ e: Event) -> String {
        if e.kind == .incident { return "the '\(e.status ?? "incident")' incident event \(e.id)" }
        return "\(e.kind.rawValue) \(e.id)" + (e.service == Event.globalService ? "" : " on \(e.service)")
    }
}
