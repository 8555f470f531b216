import Hindsight

/// Settings of the ecosystem adapters that a user may need to change for their conventions.
public struct AdapterOptions: Sendable, Equatable {
    /// The Alertmanager labels that name an alert's service, tried in order.
    public var serviceLabels: [String]

    /// When the payload was received (a webhook): the time of a payload that carries none of its own.
    public var receivedAt: Timestamp?

    public static let defaultServiceLabels = ["service", "app", "job"]

    public init(serviceLabels: [String] = AdapterOptions.defaultServiceLabels, receivedAt: Timestamp? = nil) {
        self.serviceLabels = serviceLabels.isEmpty ? Self.defaultServiceLabels : serviceLabels
        self.receivedAt = receivedAt
    }
}
