/// One dependency from a service catalog: `service` depends on `dependsOn` (Backstage `spec.dependsOn`).
public struct CatalogEdge: Sendable, Hashable {
    public var service: String
    public var dependsOn: String

    public init(service: String, dependsOn: String) {
        self.service = service
        self.dependsOn = dependsOn
    }
}
