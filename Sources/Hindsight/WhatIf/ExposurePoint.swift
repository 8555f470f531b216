/// A step of the actual rollout: from `time`, `percent` of the fleet ran the change.
public struct ExposurePoint: Sendable, Equatable {
    public var time: Timestamp
    public var percent: Double
    /// The change event the step comes from.
    public var eventID: String

    public init(time: Timestamp, percent: Double, eventID: String) {
        self.time = time
        self.percent = percent
        self.eventID = eventID
    }
}
