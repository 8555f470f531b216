extension IncidentAnalysis {
    /// Detection lag, time to mitigate and time to resolve, each from impact start (EVENTS.md). A span
    /// that would be negative (the incident declared, mitigated or resolved before its first signal) is
    /// left unknown, and the event that ends it is recorded in `conflicts` with the first signal.
    mutating func measure(detection: Event?, mitigation: Event?, resolution: Event?, firstSignal: Event?) {
        guard let start = impactStart else { return }
        func span(_ metric: TimeConflict.Metric, _ end: Event?) -> TimeSpan? {
            guard let end else { return nil }
            guard end.time < start else { return end.time - start }
            conflicts.append(TimeConflict(metric: metric, event: end, impactStart: start, firstSignal: firstSignal))
            return nil
        }
        detectionLag = span(.detectionLag, detection)
        timeToMitigate = span(.timeToMitigate, mitigation)
        timeToResolve = span(.timeToResolve, resolution)
    }

    /// The conflict that leaves `metric` unknown, if one does.
    public func conflict(_ metric: TimeConflict.Metric) -> TimeConflict? {
        conflicts.first { $0.metric == metric }
    }
}
