/// Settings of the ecosystem adapters that a user may need to change for their conventions.
public struct AdapterOptions: Sendable, Equatable {
    /// The Alertmanager labels that name an alert's service, tried in order.
    public var serviceLabels: [String]

    public static let defaultServiceLabels = ["service", "app", "job"]

    public init(serviceLabels: [String] = AdapterOptions.defaultServiceLabels) {
        self.serviceLabels = serviceLabels.isEmpty ? Self.defaultServiceLabels : serviceLabels
    }
}
