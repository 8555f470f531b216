/// One entity of a Backstage service catalog (`catalog-info.yaml`), reduced to what the analysis uses.
package struct CatalogEntity: Sendable, Equatable {
    /// `Component`, `Resource`, `System` or `API`.
    package var kind: String
    package var namespace: String
    /// `metadata.name`: the name events use as their `service`.
    package var name: String
    /// `spec.system`, when it belongs to one.
    package var system: String?
    /// Names of the entities it depends on (`spec.dependsOn`, `spec.consumesApis`).
    package var dependsOn: [String]
    /// Names of the entities that depend on it (`spec.dependencyOf`, `spec.providesApis` read backwards).
    package var dependencyOf: [String]
    /// Where its document starts.
    package var file: String
    package var line: Int

    package init(
        kind: String, namespace: String = "default", name: String, system: String? = nil, dependsOn: [String] = [],
        dependencyOf: [String] = [], file: String, line: Int
    ) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.system = system
        self.dependsOn = dependsOn
        self.dependencyOf = dependencyOf
        self.file = file
        self.line = line
    }
}
