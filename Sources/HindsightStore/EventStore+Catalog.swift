import Hindsight
import HindsightFormats

extension EventStore {
    /// Stores catalog entities in one transaction: an entity imported again replaces its earlier
    /// version and the dependencies it declared; returns how many dependencies were stored.
    @discardableResult
    /// Incidents on a service whose dependencies changed, or upstream of one, have their summaries recomputed.
    package func importCatalog(_ entities: [CatalogEntity]) throws -> Int {
        let marking = try summaryTables.present(in: backend)
        let stored = try write { s in
            var edges = 0
            var before = Set<CatalogEdge>()
            var after = Set<CatalogEdge>()
            for e in entities {
                let origin = "\(e.kind.lowercased()):\(e.namespace)/\(e.name)"
                for row in try s.rows("SELECT service, depends_on FROM catalog_dependency WHERE origin = ?", [origin]) {
                    before.insert(CatalogEdge(service: row[0], dependsOn: row[1]))
                }
                try s.execute("DELETE FROM catalog_dependency WHERE origin = ?", [origin])
                try s.execute(
                    """
                    INSERT INTO catalog_entity (kind, namespace, name, system, file, line) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (kind, namespace, name) DO UPDATE SET system = excluded.system, file = excluded.file, line = excluded.line
                    """, [e.kind, e.namespace, e.name, e.system, e.file, e.line])
                let pairs = e.dependsOn.map { (e.name, $0) } + e.dependencyOf.map { ($0, e.name) }
                for (service, dependsOn) in pairs where service != dependsOn {
                    after.insert(CatalogEdge(service: service, dependsOn: dependsOn))
                    edges += try s.execute(
                        """
                        INSERT INTO catalog_dependency (service, depends_on, origin, file, line) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """, [service, dependsOn, origin, e.file, e.line])
                }
            }
            if marking {
                let marks = SummaryMarks()
                marks.addServices(before.symmetricDifference(after).flatMap { [$0.service, $0.dependsOn] })
                try marks.apply(in: s)
            }
            return edges
        }
        try refreshSummaries()
        return stored
    }

    /// The stored entities by name, each with every dependency stored on its name, both ways
    /// (whichever entity declared it), sorted.
    package func catalogEntities() throws -> [CatalogEntity] {
        try read { s in
            var dependsOn: [String: [String]] = [:]
            var dependencyOf: [String: [String]] = [:]
            for edge in try StoreAnalysisSource(s).catalogEdges() {
                dependsOn[edge.service, default: []].append(edge.dependsOn)
                dependencyOf[edge.dependsOn, default: []].append(edge.service)
            }
            return try s.rows("SELECT kind, namespace, name, system, file, line FROM catalog_entity ORDER BY name, kind, namespace").map { row in
                let name: String = row["name"]
                return CatalogEntity(
                    kind: row["kind"], namespace: row["namespace"], name: name, system: row["system"],
                    dependsOn: dependsOn[name] ?? [], dependencyOf: (dependencyOf[name] ?? []).sorted(), file: row["file"], line: row["line"])
            }
        }
    }

    /// The catalog's dependencies, sorted.
    package func catalogEdges() throws -> [CatalogEdge] {
        try read { s in try StoreAnalysisSource(s).catalogEdges() }
    }
}
