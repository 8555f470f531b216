/// The services an incident's services depend on, transitively, from a service catalog.
public struct ServiceGraph: Sendable, Equatable {
    /// For each upstream service: the shortest path from it down to an incident service
    /// (`["clickhouse", "bot-management", "edge-proxy"]`); its distance is the path's length − 1.
    public var paths: [String: [String]]

    public init(paths: [String: [String]] = [:]) { self.paths = paths }

    /// Breadth first from `services` along `dependsOn`, at most `maxDepth` hops; the incident's
    /// own services are not upstream of themselves.
    public init(edges: [CatalogEdge], from services: [String], maxDepth: Int = 4) {
        var dependencies: [String: [String]] = [:]
        for e in edges where e.service != e.dependsOn { dependencies[e.service, default: []].append(e.dependsOn) }
        var paths: [String: [String]] = [:]
        var seen = Set(services)
        var frontier = services.sorted().map { [$0] }
        for _ in 0..<maxDepth where !frontier.isEmpty {
            var next: [[String]] = []
            for path in frontier {
                for dep in Set(dependencies[path[0]] ?? []).sorted() where !seen.contains(dep) {
                    seen.insert(dep)
                    let longer = [dep] + path
                    paths[dep] = longer
                    next.append(longer)
                }
            }
            frontier = next
        }
        self.paths = paths
    }

    /// Hops from `service` down to the nearest incident service, `nil` when it is not upstream.
    public func distance(of service: String) -> Int? { paths[service].map { $0.count - 1 } }

    public var upstream: [String] { paths.keys.sorted() }
}
